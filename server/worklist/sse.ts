/** Server-Sent Events plumbing for one hijacked Fastify reply: headers, events, heartbeat, close. */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SseStream {
  send(event: string, data: unknown): void;
  close(): void;
}

export function openSseStream(request: FastifyRequest, reply: FastifyReply, heartbeatMs: number, onClose: () => void): SseStream {
  reply.hijack();
  const res = reply.raw;
  const inherited = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as Record<string, string | number | string[]>;
  res.writeHead(200, {
    ...inherited,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // Reverse proxies (nginx) must not buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  let open = true;
  // A comment line keeps proxies and the browser from timing the idle stream out.
  const heartbeat = setInterval(() => open && res.write(': heartbeat\n\n'), heartbeatMs);
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
    res.end();
  };
  request.raw.on('close', close);
  res.on('close', close);
  res.on('error', close);
  return {
    send(event, data) {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close,
  };
}
