/**
 * Tests never reach beyond loopback: any TCP connection from the test process to a
 * non-loopback address fails loudly instead of silently depending on the network.
 */
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (first !== null && typeof first === "object") {
    const options = first as { host?: string; path?: string };
    if (options.path !== undefined) return "localhost"; // Unix socket / named pipe
    return options.host ?? "localhost";
  }
  if (typeof first === "number") return typeof second === "string" ? second : "localhost";
  if (typeof first === "string") return "localhost"; // a Unix socket path
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.has(host) && !host.startsWith("127.")) {
    throw new Error(`Test attempted a network connection to ${host}; tests must stay on loopback.`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
