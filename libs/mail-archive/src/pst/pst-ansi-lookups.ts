import path from 'node:path';

let enabled = false;

interface LongLike {
  prototype: { valueOf: () => unknown; toNumber: () => number };
}

/**
 * pst-extractor 1.12 walks the B-trees of ANSI (Outlook 97–2002) stores with `idA > idB` on two
 * `Long` objects, which JavaScript compares as strings ("97" > "100"), so it fails to open them
 * ("findBtreeItem Unable to find 97"; upstream issue epfromer/pst-extractor#5). Giving the `Long`
 * class pst-extractor uses a numeric `valueOf` makes those comparisons numeric; every other use of
 * `Long` in the library goes through its methods or `toString`, which this does not change. Applied
 * once, before a PST is opened; harmless once the library compares with `greaterThan`.
 */
export function enableAnsiLookups(): void {
  if (enabled) return;
  enabled = true;
  const fromPstExtractor = require.resolve('long', { paths: [path.dirname(require.resolve('pst-extractor'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(fromPstExtractor) as LongLike | { default: LongLike };
  const Long = 'default' in loaded ? loaded.default : loaded;
  if (Long.prototype.valueOf !== Object.prototype.valueOf) return;
  Object.defineProperty(Long.prototype, 'valueOf', {
    value: function valueOf(this: { toNumber: () => number }) {
      return this.toNumber();
    },
    configurable: true,
    writable: true,
  });
}
