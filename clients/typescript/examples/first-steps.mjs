// A first walk-through in Node 20+: subscribe, publish, receive, then stream a query's rows.
//   NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar      (in another terminal)
//   node clients/typescript/examples/first-steps.mjs
// NQ_URL and NQ_TOKEN point it at another server or give it a JWT / API key.
import { NeuroQuantumWSClient } from "@neuroquantum/client";

const client = new NeuroQuantumWSClient(process.env.NQ_URL ?? "ws://localhost:8080/ws", {
  authToken: process.env.NQ_TOKEN,
});
client.on("state", ({ state }) => console.log(`connection: ${state}`));

// Channels: every message carries an offset; after a reconnect the client asks for what it missed.
let resolveFirst;
const firstMessage = new Promise((resolve) => (resolveFirst = resolve));
await client.subscribe("custom:chat", {
  onMessage: (data, message) => {
    console.log(`message #${message.offset}: ${JSON.stringify(data)}`);
    resolveFirst();
  },
});
await client.publish("custom:chat", { text: "hello from Node" });
await firstMessage;

// Query streaming: rows arrive as an async iterator; a slow loop pauses the database cursor.
const rows = client.executeQuery(
  "SELECT sensor_id, AVG(temperature) AS avg_temp FROM sensor_readings GROUP BY sensor_id ORDER BY sensor_id",
  { batch_size: 20 },
);
let count = 0;
for await (const [sensor, avgTemp] of rows) {
  if (count++ < 3) {
    console.log(`sensor ${sensor}: ${avgTemp.toFixed(2)} °C`);
  }
}
console.log(`${rows.totalRows} rows, columns ${rows.columns.join(", ")}`);
client.close();
