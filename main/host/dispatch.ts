// One request from a page, as both hosts receive it (WebSocket message or Electron IPC):
// refuse channels a page may not call, let PathwiseApi.invoke parse the payload with the
// channel's zod schema, and turn the outcome into the reply shape of main/host/protocol.md.
// No logic of the API lives here: only the page-channel gate and error classification.
import { pageChannels, type Channel } from '../../shared/api.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import type { PathwiseApi } from '../api.ts';

export type ErrorKind = 'input' | 'internal';
export type Outcome =
  { ok: true; result: unknown } | { ok: false; error: { message: string; kind: ErrorKind } };

const allowed = new Set<string>(pageChannels);

export function isPageChannel(channel: unknown): channel is Channel {
  return typeof channel === 'string' && allowed.has(channel);
}

/** Runs one page request; never throws. Internal errors are logged in full, sent as one line. */
export async function dispatch(
  api: PathwiseApi,
  channel: unknown,
  payload: unknown,
  log: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<Outcome> {
  if (!isPageChannel(channel)) {
    const name = typeof channel === 'string' ? `"${channel.slice(0, 100)}"` : 'that channel';
    return { ok: false, error: { kind: 'input', message: `${name} is not a channel a page may call` } };
  }
  try {
    const result = await api.invoke(channel, payload as never);
    return { ok: true, result };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, error: { kind: 'input', message: err.message } };
    if (err instanceof CancelledError) return { ok: false, error: { kind: 'input', message: 'cancelled' } };
    const error = err instanceof Error ? err : new Error(String(err));
    log(`pathwise: internal error in ${channel}: ${error.stack ?? error.message}`);
    return {
      ok: false,
      error: { kind: 'internal', message: error.message.split('\n')[0] ?? 'internal error' },
    };
  }
}
