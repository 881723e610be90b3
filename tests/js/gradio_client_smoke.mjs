// The real @gradio/client (npm) against a blockspec server: predict, a streamed generator,
// and a file upload read back by the app. Run by tests/test_server_js_client.py.
import { Client } from "@gradio/client";

const url = process.argv[2];
const app = await Client.connect(url);

const greeting = await app.predict("/greet", { name: "Ada" });
console.log("predict " + JSON.stringify(greeting.data));

const seen = [];
for await (const message of app.submit("/count", ["n"])) {
  if (message.type === "data") seen.push(message.data[0]);
  if (message.type === "status" && message.stage === "complete") break;
}
console.log("stream " + JSON.stringify(seen));

const upload = await app.predict("/read", [new Blob(["from node"], { type: "text/plain" })]);
console.log("upload " + JSON.stringify(upload.data));
process.exit(0);
