import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./app-server";

const run = promisify(execFile);

export const MONGO_BASE = process.env.MONGO_URL_BASE ?? "mongodb://127.0.0.1:27017";
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.replace(/^mongodb:\/\//, "").split("/")[0].split(":");
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** A test that needs a service fails, loudly, when it is missing: never a skip. */
export async function requireServices() {
  const missing: string[] = [];
  if (!(await reachable(MONGO_BASE))) missing.push(`MongoDB-wire server at ${MONGO_BASE}`);
  if (!(await reachable(KAFKA_BROKERS.split(",")[0]))) missing.push(`Kafka broker at ${KAFKA_BROKERS}`);
  if (missing.length) {
    throw new Error(`Required services are not running: ${missing.join(", ")}. Start them with: npm run services:start`);
  }
}

const script = (name: string) => path.join(ROOT, "scripts/services", name);

export async function stopKafka() {
  await run("bash", [script("kafka-stop.sh")], { cwd: ROOT });
}

export async function startKafka() {
  await run("bash", [script("kafka-start.sh")], { cwd: ROOT, timeout: 180_000 });
}
