// Reads an `strace -f -e trace=connect` record and fails (exit 1) on any connect() other than
// local IPC (AF_UNIX: the X display, D-Bus, WebKit's own sockets) and the WebDriver loopback
// (127.0.0.0/8 or ::1, never the DNS port). Also fails when the record shows no X display
// connection at all: then the trace did not see the app and proves nothing.
//   node tests/e2e-installed/connects.mjs TRACE_FILE [TRACE_FILE...]
import { readFileSync } from "node:fs";

export function judge(lines) {
  const bad = [];
  const seen = { unix: 0, loopback: new Set(), display: 0 };
  for (const line of lines) {
    const m = line.match(/connect\(\d+, \{sa_family=(AF_[A-Z0-9]+)(.*)$/);
    if (!m) continue;
    const [, family, rest] = m;
    if (family === "AF_UNIX") {
      seen.unix++;
      if (/X11-unix/.test(rest)) seen.display++;
      continue;
    }
    if (family === "AF_INET" || family === "AF_INET6") {
      const port = Number(rest.match(/sin6?_port=htons\((\d+)\)/)?.[1]);
      const v4 = rest.match(/inet_addr\("([\d.]+)"\)/)?.[1];
      const v6 = rest.match(/inet_pton\(AF_INET6, "([^"]+)"/)?.[1];
      const addr = v4 ?? v6 ?? "?";
      const loop = (v4 && v4.startsWith("127.")) || v6 === "::1" || (v6 && /^::ffff:127\./.test(v6));
      if (loop && port !== 53) {
        seen.loopback.add(`${addr}:${port}`);
        continue;
      }
      bad.push(line.trim());
      continue;
    }
    bad.push(line.trim()); // AF_NETLINK, AF_UNSPEC (a datagram socket being re-aimed), anything else
  }
  return { bad, seen };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = process.argv.slice(2).flatMap((f) => readFileSync(f, "utf8").split("\n"));
  const { bad, seen } = judge(lines);
  console.log(
    `connect(): ${seen.unix} local (AF_UNIX, ${seen.display} to the X display), loopback ${[...seen.loopback].join(" ") || "none"}`,
  );
  if (seen.display === 0) {
    console.error("no connection to the X display in the trace: strace did not follow the app");
    process.exit(1);
  }
  if (bad.length) {
    console.error(`network connect() calls (not allowed):\n${bad.join("\n")}`);
    process.exit(1);
  }
}
