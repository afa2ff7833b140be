/** Small server-side SVG charts for review reports: no script, no external resource. */

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** Vertical grouped bars: one group per label, one bar per series. */
export function barChart(title: string, labels: string[], series: Series[]): string {
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 40;
  const top = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const groupW = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const bars = labels.flatMap((label, i) =>
    series.map((s, j) => {
      const h = (s.values[i] / max) * plotH;
      const x = left + i * groupW + groupW * 0.1 + j * barW;
      return `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${label} · ${s.name}: ${s.values[i]}`)}</title></rect>`;
    }),
  );
  const every = Math.ceil(labels.length / 12);
  const ticks = labels
    .map((label, i) =>
      i % every === 0
        ? `<text x="${(left + i * groupW + groupW / 2).toFixed(1)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle">${escapeHtml(label)}</text>`
        : '',
    )
    .join('');
  const legend = series
    .map(
      (s, j) =>
        `<rect x="${left + j * 110}" y="6" width="10" height="10" fill="${s.color}"/><text x="${left + j * 110 + 14}" y="15" font-size="11">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return [
    `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    legend,
    `<line x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#555"/>`,
    `<text x="${left - 4}" y="${top + 4}" font-size="10" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plotH}" font-size="10" text-anchor="end">0</text>`,
    ...bars,
    ticks,
    '</svg>',
  ].join('');
}

/** Horizontal bars: one per row, the longest the largest. */
export function horizontalBars(title: string, rows: { key: string; count: number }[], color: string): string {
  const shown = rows.slice(0, 10);
  const width = 640;
  const rowH = 22;
  const height = Math.max(1, shown.length) * rowH + 30;
  const labelW = 200;
  const max = Math.max(1, ...shown.map((r) => r.count));
  const bars = shown.map((r, i) => {
    const w = ((width - labelW - 50) * r.count) / max;
    const y = 24 + i * rowH;
    return `<text x="${labelW - 6}" y="${y + 14}" font-size="11" text-anchor="end">${escapeHtml(r.key)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}"/><text x="${(labelW + w + 4).toFixed(1)}" y="${y + 14}" font-size="11">${r.count}</text>`;
  });
  const empty = shown.length ? '' : `<text x="${labelW}" y="40" font-size="11">none</text>`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${escapeHtml(title)}</title><text x="4" y="14" font-size="12" font-weight="bold">${escapeHtml(title)}</text>${bars.join('')}${empty}</svg>`;
}
