// Saving what the page made (a chart as PNG or SVG, a table as CSV): in browser mode a blob
// link the browser downloads; in Electron main's save dialog (app.saveFile), since the page
// never chooses a path itself.
import type { ApiClient } from './rpc.ts';
import type { Mode } from './client.ts';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes of a data: URL (ECharts' getDataURL gives PNGs this way). */
export function dataUrlBytes(url: string): Uint8Array {
  const base64 = url.slice(url.indexOf(',') + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function saveFile(
  api: ApiClient,
  mode: Mode,
  name: string,
  content: string | Uint8Array,
  mime: string,
): Promise<boolean> {
  if (mode === 'electron') {
    const result =
      typeof content === 'string'
        ? await api.invoke('app.saveFile', { suggestedName: name, data: content, encoding: 'utf8' })
        : await api.invoke('app.saveFile', {
            suggestedName: name,
            data: toBase64(content),
            encoding: 'base64',
          });
    return result.saved;
  }
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}
