import { randomUUID } from "node:crypto";
import net from "node:net";
import { beforeAll } from "vitest";
import { createKafkaBus } from "@/lib/realtime/kafka-bus";
import { eventBusContract } from "./event-bus.contract";

/**
 * The bus contract against a real broker (KAFKA_BROKERS, default 127.0.0.1:9092). A missing
 * broker fails the run with instructions; it is never a skip.
 */
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",").map((b) => b.trim());
const run = randomUUID().slice(0, 8);
const topic = `chat-contract-${run}`;
let instance = 0;

const makeBus = async () =>
  createKafkaBus({ brokers, topic, clientId: "chat-contract", groupId: `chat-contract-${run}-${++instance}`, partitions: 3 });

beforeAll(async () => {
  const [host, port] = brokers[0].split(":");
  const ok = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (!ok) {
    throw new Error(
      `Kafka broker not reachable at ${brokers[0]}. Start it with scripts/services/kafka-start.sh (or npm run services:start), or set KAFKA_BROKERS.`,
    );
  }
});

eventBusContract("kafka", makeBus, makeBus);
