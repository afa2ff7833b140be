import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { OrgoError } from '@orgo/domain';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

import { INTAKE_ERRORS } from './intake-errors';
import type { IntakeUpload } from './intake-form';

/** The largest upload any form takes, and how many files: multer's own limits, checked while the body streams. */
export interface UploadCeiling {
  fileBytes: number;
  files: number;
}

export const UPLOAD_CEILING = Symbol('UPLOAD_CEILING');

/** The field names a form's files may come under (`files[]` as the page sends them, or `files`). */
const FILE_FIELDS = new Set(['files', 'files[]']);

/**
 * Reads multipart/form-data of the intake routes only (multer, which @nestjs/platform-express
 * carries, in memory): text fields into the body, files into `req.files`. A file past the ceiling
 * stops the upload with a 413 that says the limit; the form's own limits are checked after.
 */
@Injectable()
export class IntakeUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(@Inject(UPLOAD_CEILING) private readonly ceiling: UploadCeiling) {
    const Multer = AnyFilesInterceptor({ limits: { fileSize: ceiling.fileBytes, files: ceiling.files, fields: 20, fieldSize: 128 * 1024, parts: ceiling.files + 20 } });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new OrgoError(INTAKE_ERRORS.tooLarge, `An attachment is larger than any form takes (${this.ceiling.fileBytes} bytes), or the report carries more than ${this.ceiling.files} files; leave it out or make it smaller`);
      }
      throw error;
    }
  }
}

/** The files of a request read by IntakeUploadInterceptor; a file under another field name is refused. */
export function uploadsOf(req: Request): IntakeUpload[] {
  const files = ((req as Request & { files?: unknown }).files ?? []) as (IntakeUpload & { fieldname: string })[];
  const stray = files.find((f) => !FILE_FIELDS.has(f.fieldname));
  if (stray) throw new OrgoError(INTAKE_ERRORS.tooManyFiles, `Files go in the field 'files[]' (or 'files'), not '${stray.fieldname.slice(0, 40)}'`);
  return files.map(({ originalname, mimetype, size, buffer }) => ({ originalname, mimetype, size, buffer }));
}
