/** node-postgres's own parameter serialization (not in @types/pg): what it sends for a value. */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
