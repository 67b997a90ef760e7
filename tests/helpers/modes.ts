import { randomBytes } from "node:crypto";
import { startApp, type AppHandle } from "./app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices } from "./services";

/**
 * The two ways the app runs, for describe.each: embedded (one app, SQLite, in-process bus) and
 * scale-out (two apps on FerretDB + Kafka, own database and topic per call). A test that writes
 * on the first instance and watches on the last makes every live event cross the broker.
 */
export function appModes(name: string): [string, () => Promise<AppHandle[]>][] {
  const run = randomBytes(4).toString("hex");
  return [
    ["embedded (SQLite)", async () => [await startApp({ name: `${name}-embedded` })]],
    [
      "scale-out (FerretDB + Kafka, two instances)",
      async () => {
        await requireServices();
        const env = {
          DATABASE_URL: `${MONGO_BASE}/chat_${name.replace(/\W/g, "_")}_${run}`,
          KAFKA_BROKERS,
          KAFKA_TOPIC: `chat-${name}-${run}`,
          KAFKA_CLIENT_ID: "chat-test",
          NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        };
        return Promise.all([
          startApp({ name: `${name}-1`, env: { ...env, INSTANCE_ID: `${name}1-${run}` } }),
          startApp({ name: `${name}-2`, env: { ...env, INSTANCE_ID: `${name}2-${run}` } }),
        ]);
      },
    ],
  ];
}
