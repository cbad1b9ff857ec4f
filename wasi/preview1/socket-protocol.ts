/** Operations and flags exchanged between sockets.ts and socket-worker.ts through shared memory. */
export const enum SockOp { ACCEPT = 1, RECV = 2, SEND = 3, SHUTDOWN = 4, CLOSE = 5, POLL = 6 }
export const enum SockFlag { NONBLOCK = 1, PEEK = 2, LISTENER = 4 }
