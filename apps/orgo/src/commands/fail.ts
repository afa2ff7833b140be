/** Prints a message a person can act on (no stack trace) and exits. */
export function failWith(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
