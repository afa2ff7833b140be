import type { OrganizationModel, WebFormIntakeModel } from '@orgo/domain';
import type { ParserSettings } from '@orgo/config';

/** What the web form of one role takes: where reports go and the limits the page shows and the API enforces. */
export interface IntakeForm {
  organization: { slug: string; name: string };
  role: string;
  /** The role address the report is addressed to. */
  address: string;
  anonymousAllowed: boolean;
  maxAttachmentBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
  /** File extensions, lower case, no dot. */
  allowedTypes: string[];
}

/** Base64 grows a message by a third, and headers and MIME parts add a little: the attachments' sum must stay under this share of the parser's message limit. */
const MESSAGE_SHARE = 0.7;

/**
 * The form of `role` in `organization`, or null when there is none (no such role, or the
 * organization does not open it in `intake.web_form`). The limits never exceed what the parser
 * takes, so nothing the form accepts is dropped later.
 */
export function intakeFormOf(organization: OrganizationModel | undefined, role: string, parser: ParserSettings, maxFiles: number): IntakeForm | null {
  const webForm: WebFormIntakeModel | null | undefined = organization?.intake?.webForm;
  if (!organization || !webForm) return null;
  const id = webForm.roles.find((r) => r === role) ?? webForm.roles.find((r) => r.toLowerCase() === role.toLowerCase());
  if (!id) return null;
  const messageShare = Math.floor(parser.maxMessageBytes * MESSAGE_SHARE);
  const maxAttachmentBytes = Math.min(webForm.maxAttachmentBytes, parser.maxAttachmentBytes, messageShare);
  return {
    organization: { slug: organization.slug, name: organization.name },
    role: id,
    address: webForm.addresses[id],
    anonymousAllowed: webForm.anonymousRoles.includes(id),
    maxAttachmentBytes,
    maxTotalBytes: Math.max(maxAttachmentBytes, Math.min(webForm.maxTotalBytes, messageShare)),
    maxFiles,
    allowedTypes: webForm.allowedTypes ?? parser.allowedAttachmentTypes,
  };
}

/** An uploaded file as the form's check sees it. */
export interface IntakeUpload {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export type UploadProblem =
  | { kind: 'too_many'; message: string }
  | { kind: 'type'; message: string }
  | { kind: 'too_large'; message: string };

/** The first thing wrong with a report's attachments, in words a reporter can act on; null when they fit. */
export function uploadProblem(form: IntakeForm, files: IntakeUpload[]): UploadProblem | null {
  if (files.length > form.maxFiles) return { kind: 'too_many', message: `A report takes at most ${form.maxFiles} attachments; ${files.length} were sent. Leave some out.` };
  for (const file of files) {
    const extension = /\.([A-Za-z0-9]{1,10})$/.exec(file.originalname)?.[1]?.toLowerCase();
    if (!extension || !form.allowedTypes.includes(extension)) {
      return { kind: 'type', message: `The attachment '${safeName(file.originalname)}' is not a file type this form takes (${form.allowedTypes.join(', ')}).` };
    }
    if (file.size > form.maxAttachmentBytes) {
      return { kind: 'too_large', message: `The attachment '${safeName(file.originalname)}' is ${file.size} bytes; one attachment may be at most ${form.maxAttachmentBytes} bytes (${megabytes(form.maxAttachmentBytes)}).` };
    }
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > form.maxTotalBytes) {
    return { kind: 'too_large', message: `The attachments add up to ${total} bytes; a report may carry at most ${form.maxTotalBytes} bytes (${megabytes(form.maxTotalBytes)}) in all.` };
  }
  return null;
}

/**
 * The files of an anonymous report under neutral names (`attachment-1.pdf`): a file's name often
 * carries its author's ("scan_maria_lopez.pdf"). What is inside a file (a photo's EXIF data, a
 * document's author) is the reporter's to clear; the form page says so.
 */
export function withoutNames(files: IntakeUpload[]): IntakeUpload[] {
  return files.map((file, i) => {
    const extension = /\.([A-Za-z0-9]{1,10})$/.exec(file.originalname)?.[1]?.toLowerCase() ?? 'bin';
    return { ...file, originalname: `attachment-${i + 1}.${extension}` };
  });
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 80);
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
}
