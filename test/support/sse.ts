import type { ReadableStream, ReadableStreamReadResult } from 'node:stream/web';

/** An open Server-Sent Events stream: the events read so far (`<end>` once it ended). */
export interface EventStream {
  events: string[];
  status: number;
  close(): void;
}

/** Opens `url` as an event stream and reads it in the background, one entry per event. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: string[] = [];
  if (response.ok && response.body) {
    // fetch types its body as a stream of any; it carries bytes.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { done, value } = await reader
          .read()
          .catch((): ReadableStreamReadResult<Uint8Array> => ({ done: true, value: undefined }));
        if (done) return events.push('<end>');
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          events.push(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    })();
  }
  return { events, status: response.status, close: () => controller.abort() };
}
