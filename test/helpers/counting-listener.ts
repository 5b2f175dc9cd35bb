import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';

/** A TCP server on 127.0.0.1 that counts the connections it gets and closes each: "was anything sent?" */
export interface CountingListener {
  port: number;
  connections: number;
}

/** Starts the listener in a `beforeAll` of the enclosing describe and closes it in an `afterAll`. */
export function useCountingListener(): CountingListener {
  const listener = { port: 0, connections: 0 };
  let server: Server;
  beforeAll(async () => {
    server = createServer((socket) => {
      listener.connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    listener.port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  return listener;
}
