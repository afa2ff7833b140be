import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { sniffContentType } from '@orgo/domain';

/** A file of `organizations/<slug>/documents/` a rule's `attach` may name (SPEC §5), resolved at load. */
export interface RuleDocumentModel {
  /** The file name (the key a rule's `attach` uses). */
  name: string;
  /** Absolute path; the bytes are read from here when downloaded, checked against `sha256`. */
  path: string;
  size: number;
  sha256: string;
  /** Sniffed from the bytes. */
  type: string;
}

/** The regular files of a documents folder (hidden files left out), hashed and sniffed, by name. */
export function readRuleDocuments(dir: string): Record<string, RuleDocumentModel> {
  const documents: Record<string, RuleDocumentModel> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const file = path.join(dir, entry.name);
    const bytes = fs.readFileSync(file);
    documents[entry.name] = {
      name: entry.name,
      path: file,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      type: sniffContentType(bytes),
    };
  }
  return documents;
}
