/**
 * `--attach <file>`: the files to attach, checked against the desk's limit by their size
 * before a byte is read, and read whole only then. Unreadable or too large: exit 2, nothing saved.
 */
import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { formatSize } from '../../core/mailbox.js';
import { type NewFile } from '../../desk/tickets/work-extras.js';
import type { Factory } from '../factory.js';

const TYPES: Record<string, string> = {
  '.txt': 'text/plain', '.log': 'text/plain', '.csv': 'text/csv', '.html': 'text/html', '.json': 'application/json',
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.zip': 'application/zip', '.xml': 'application/xml', '.eml': 'message/rfc822',
};

/** Repeatable option collector for --attach. */
export const collectPaths = (value: string, previous: string[] = []) => [...previous, value];

export async function readAttachments(f: Pick<Factory, 'io'>, limit: number, paths: readonly string[] | undefined): Promise<NewFile[] | undefined> {
  if (!paths?.length) return undefined;
  const files: NewFile[] = [];
  for (const path of paths) {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      size = st.size;
    } catch (err) {
      throw unreadable(path, err);
    }
    if (size > limit) {
      throw new UsageError(`--attach ${path} is ${formatSize(size)}, over the ${formatSize(limit)} attachment limit`,
        'an admin may raise it: helpdesk config set mail.attachment_limit 25M');
    }
    let content: Buffer;
    try {
      content = await f.io.readFileBytes!(path);
    } catch (err) {
      throw unreadable(path, err);
    }
    files.push({ filename: basename(path), contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', content });
  }
  return files;
}

function unreadable(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`cannot read --attach ${path}${code ? ` (${code})` : ''}`, 'pass a readable file');
}
