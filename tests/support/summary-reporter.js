// Prints one plain closing line, `tests: N passed, N failed`, after Jest's own summary, so any
// tool reading the end of the output sees the counts. Jest prints its summary after the reporters'
// onRunComplete, so the line is written when the process exits.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stderr.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
