// Files the page uploads for import (browser mode has no file dialog in main). Each upload is
// streamed to a fresh private folder under the OS temp folder, keeping its sanitised base name
// so that previews and dataset names read as the analyst's file; the page only ever learns
// an opaque uploadId, which browserHostServices turns back into the path.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export const defaultUploadLimit = 4 * 1024 ** 3;

export class UploadTooLargeError extends Error {
  constructor(limit: number) {
    super(`the file is larger than the ${Math.round(limit / 1024 ** 2)} MB upload limit`);
    this.name = 'UploadTooLargeError';
  }
}

export class UploadStore {
  private readonly files = new Map<string, { path: string; folder: string }>();

  constructor(readonly limit = defaultUploadLimit) {}

  /** Writes `body` to a new temp folder as `fileName`; resolves to the upload's id. */
  async receive(body: Readable, fileName: string): Promise<string> {
    const folder = mkdtempSync(join(tmpdir(), 'pathwise-upload-'));
    const path = join(folder, fileName);
    try {
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
        let bytes = 0;
        const fail = (err: Error) => {
          body.unpipe(out);
          out.destroy();
          reject(err);
        };
        body.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > this.limit) fail(new UploadTooLargeError(this.limit));
        });
        body.on('error', fail);
        body.on('aborted', () => fail(new Error('the upload was interrupted')));
        out.on('error', fail);
        out.on('finish', () => resolve());
        body.pipe(out);
      });
    } catch (err) {
      rmSync(folder, { recursive: true, force: true });
      throw err;
    }
    const uploadId = randomBytes(16).toString('hex');
    this.files.set(uploadId, { path, folder });
    return uploadId;
  }

  pathOf(uploadId: string): string | undefined {
    return this.files.get(uploadId)?.path;
  }

  /** Removes every uploaded file (at shutdown). */
  clear(): void {
    for (const { folder } of this.files.values()) rmSync(folder, { recursive: true, force: true });
    this.files.clear();
  }
}
