import type { SelectQueryBuilder } from 'typeorm';

import type { TaskEntity } from '../../entities/task.entity';
import { fts5Query } from './fts5-query';

/**
 * Narrows a task query to the tasks whose title, description, key or tags match `text` (migration
 * `TaskFullTextSearch1765065600000`): PostgreSQL's `search_vector` with `websearch_to_tsquery`,
 * SQLite's `tasks_fts` with the same words as FTS5 (fts5-query.ts). With `ranked`, the best match
 * comes first (ts_rank; bm25), before the usual order. Text with nothing to look for matches nothing.
 */
export function searchTasks(qb: SelectQueryBuilder<TaskEntity>, text: string, ranked: boolean): void {
  if (qb.connection.options.type === 'postgres') {
    qb.andWhere(`task.search_vector @@ websearch_to_tsquery('english', :text)`, { text });
    if (ranked) qb.orderBy(`ts_rank(task.search_vector, websearch_to_tsquery('english', :text))`, 'DESC');
    return;
  }
  const match = fts5Query(text);
  if (match === null) {
    qb.andWhere('1 = 0');
    return;
  }
  qb.innerJoin('tasks_fts', 'fts', 'fts.rowid = task.rowid').andWhere('fts.tasks_fts MATCH :match', { match });
  if (ranked) qb.orderBy('fts.rank', 'ASC');
}
