import { createServer } from 'node:net';

/** True when nothing listens on the TCP port on the loopback address. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port at or above `start` (PostgreSQL-ish range by default). */
export async function findFreePort(start = 54320, attempts = 200): Promise<number> {
  for (let port = start; port < start + attempts; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free TCP port in ${start}..${start + attempts - 1}`);
}
