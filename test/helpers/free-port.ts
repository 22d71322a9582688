import { createServer, type AddressInfo } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (for a process under test that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
