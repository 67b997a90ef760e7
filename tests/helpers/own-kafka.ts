import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, tempDir } from "./app-server";

/**
 * A single-node Kafka (KRaft) of the caller's own — its own ports and log dir — for fault runs
 * that kill the broker. Uses the jars scripts/services/kafka-start.sh installed; the shared broker
 * on 9092 is never touched.
 */
export interface OwnKafka {
  brokers: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const servicesHome = process.env.SERVICES_HOME ?? path.join(os.homedir(), ".cache/chat-services");

function libs(): string {
  const dir = fs.readdirSync(servicesHome).find((d) => /^kafka-\d/.test(d) && fs.existsSync(path.join(servicesHome, d, "libs/.complete")));
  if (!dir) throw new Error(`no Kafka jars under ${servicesHome}; install them with: npm run services:start`);
  return path.join(servicesHome, dir, "libs/*");
}

async function answers(port: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

export async function startOwnKafka(): Promise<OwnKafka> {
  const cp = libs();
  const [port, controller] = [await freePort(), await freePort()];
  const dir = tempDir("chat-kafka-");
  const data = path.join(dir, "data");
  const conf = path.join(dir, "server.properties");
  const log = path.join(dir, "kafka.log");
  fs.writeFileSync(
    conf,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "inter.broker.listener.name=PLAINTEXT",
      "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      `log.dirs=${data}`,
      "offsets.topic.replication.factor=1",
      "offsets.topic.num.partitions=3",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "transaction.state.log.num.partitions=3",
      "group.initial.rebalance.delay.ms=0",
      "auto.create.topics.enable=false",
      "",
    ].join("\n"),
  );
  const jvm = ["-Xms128m", "-Xmx384m", "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dlog4j.configuration=file:/dev/null", "-cp", cp];
  execFileSync("java", [...jvm, "kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", "chatFaultsCluster0001A", "-c", conf], { stdio: "pipe" });
  let child: ChildProcess | undefined;
  const start = async () => {
    const out = fs.openSync(log, "a");
    child = spawn("java", [...jvm, "kafka.Kafka", conf], { stdio: ["ignore", out, out] });
    const deadline = Date.now() + 90_000;
    while (!(await answers(port))) {
      if (child.exitCode !== null) throw new Error(`own Kafka exited with ${child.exitCode}: ${fs.readFileSync(log, "utf8").slice(-2000)}`);
      if (Date.now() > deadline) throw new Error("own Kafka did not listen within 90 s");
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const signal = (sig: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(sig);
    });
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    kill: () => signal("SIGKILL"),
    start,
    stop: async () => {
      await signal("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
