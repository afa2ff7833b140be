/** The filters of "My work", kept in the page's address so a view can be bookmarked and shared. */
export interface TaskFilters {
  status: string;
  priority: string;
  label: string;
  type: string;
  text: string;
  sort: string;
  scope: 'mine' | 'all';
}

export const DEFAULT_FILTERS: TaskFilters = {
  status: 'pending,in_progress,on_hold,escalated',
  priority: '',
  label: '',
  type: '',
  text: '',
  sort: '-created_at',
  scope: 'mine',
};

const SORTS = new Set(['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority']);

/** The filters a URL search string holds; anything unknown or malformed falls back to the default. */
export function filtersFrom(search: string): TaskFilters {
  const params = new URLSearchParams(search);
  const pick = (key: keyof TaskFilters) => params.get(key) ?? DEFAULT_FILTERS[key];
  const sort = pick('sort');
  return {
    status: pick('status').replace(/[^a-z_,]/g, ''),
    priority: pick('priority').replace(/[^a-z,]/g, ''),
    label: pick('label').trim(),
    type: pick('type').trim(),
    text: pick('text'),
    sort: SORTS.has(sort) ? sort : DEFAULT_FILTERS.sort,
    scope: params.get('scope') === 'all' ? 'all' : 'mine',
  };
}

/** The search string of the filters, without the defaults. */
export function searchOf(filters: TaskFilters): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_FILTERS) as (keyof TaskFilters)[])
    if (filters[key] !== DEFAULT_FILTERS[key]) params.set(key, filters[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The `GET /api/v1/tasks` query of the filters. */
export function taskQuery(
  filters: TaskFilters,
  mine: boolean,
): Record<string, string | number | boolean | undefined> {
  return {
    status: filters.status || undefined,
    priority: filters.priority || undefined,
    label: filters.label || undefined,
    type: filters.type || undefined,
    text: filters.text.trim() || undefined,
    sort: filters.sort,
    mine: mine ? true : undefined,
    limit: 100,
  };
}
