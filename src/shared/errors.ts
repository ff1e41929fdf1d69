/**
 * Every error Rapport raises on purpose. `code` is stable (tests and logs key on it);
 * `hint` tells the operator what to do next; `httpStatus` is used when the error crosses HTTP.
 */
export class RapportError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly httpStatus: number;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.httpStatus = options.httpStatus ?? 500;
  }

  /** One line for a terminal: the problem, then what to do about it. */
  toOneLine(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

export class ConfigError extends RapportError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'config_invalid',
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.problems = problems;
  }

  override toOneLine(): string {
    return this.message;
  }
}

export class StoreError extends RapportError {}

export class StartupError extends RapportError {}

export class ValidationError extends RapportError {
  constructor(message: string, hint?: string) {
    super('invalid_input', message, { httpStatus: 400, ...(hint === undefined ? {} : { hint }) });
  }
}
