import { OrgoError } from '@orgo/domain';

/** An archive that cannot be read at all (as opposed to one entry of it). */
export class ArchiveError extends OrgoError {
  constructor(code: string, message: string, readonly file: string) {
    super(code, message, { file, retryable: false });
  }
}
