import { eventBusContract } from "./event-bus.contract";
import { LocalEventBus } from "@/lib/realtime/local-bus";

// One process: the "second instance" is not a thing for the in-process bus.
eventBusContract("in-process", async () => new LocalEventBus());
