import { ApiError } from '../api/client';

/** An error as the API worded it (what, where, what to do), announced to screen readers. */
export function Problem({ error }: { error: Error | undefined | null }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : undefined;
  const problems = Array.isArray(details?.problems) ? (details.problems as unknown[]) : [];
  return (
    <div className="problem" role="alert">
      <strong>{error instanceof ApiError && error.status >= 500 ? 'Orgo could not do this. ' : ''}</strong>
      {error.message}
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{typeof p === 'string' ? p : JSON.stringify(p)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Grey bars the size of what is coming: the page does not jump when the data arrives. */
export function Placeholder({ rows = 3, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div className="placeholder" role="status" aria-busy="true">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="placeholder-row" />
      ))}
    </div>
  );
}
