// Electron IPC for PathwiseApi: one invoke channel and one event channel. Each call is
// answered only when it comes from a frame showing our app:// origin (checklist item 17:
// validate the sender), only for page channels, with the payload parsed by the channel's zod
// schema inside PathwiseApi.invoke (the same gate as the WebSocket host: main/host/dispatch.ts).
import type { PathwiseApi } from '../api.ts';
import type { ApiEvent } from '../../shared/api.ts';
import { dispatch, type Outcome } from '../host/dispatch.ts';
import { isAllowedSender } from './hardening.ts';
import type { IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electronTypes.ts';

export const invokeChannel = 'pathwise:invoke';
export const eventChannel = 'pathwise:event';

/** The frame and its top frame must both be ours (a frame that navigated away gets nothing). */
export function senderIsApp(event: IpcMainInvokeEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return isAllowedSender(frame.url) && (frame.top === null || isAllowedSender(frame.top.url));
}

export async function handleInvoke(
  api: PathwiseApi,
  event: IpcMainInvokeEventLike,
  channel: unknown,
  payload: unknown,
): Promise<Outcome> {
  if (!senderIsApp(event)) {
    return { ok: false, error: { kind: 'input', message: 'refused: the request did not come from the app' } };
  }
  return dispatch(api, channel, payload);
}

/** Registers the handler and forwards every ApiEvent; returns the function that undoes both. */
export function registerIpc(
  ipcMain: IpcMainLike,
  api: PathwiseApi,
  targets: () => WebContentsLike[],
): () => void {
  ipcMain.handle(invokeChannel, (event, channel, payload) => handleInvoke(api, event, channel, payload));
  const stop = api.onEvent((event: ApiEvent) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(eventChannel, event);
  });
  return () => {
    stop();
    ipcMain.removeHandler(invokeChannel);
  };
}
