import { z } from 'zod';
import { RapportError } from '../shared/errors.js';

/**
 * Runs a command body and turns failures into one clear line on stderr and a non-zero exit:
 * 1 for problems the operator can fix (the line says how), 70 for bugs.
 */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof RapportError) {
      process.stderr.write(`rapport: ${error.toOneLine()}\n`);
      process.exitCode = 1;
    } else if (error instanceof z.ZodError) {
      const problems = error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
      process.stderr.write(`rapport: invalid options: ${problems.join('; ')}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `rapport: unexpected error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug; please report it with the output above.\n`,
      );
      process.exitCode = 70;
    }
  }
}
