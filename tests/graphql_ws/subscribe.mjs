// Subscribes with graphql-ws (not this project's code) and prints one JSON line per item received:
// {"at": <ms since epoch>, "data": ...}; after COUNT items it waits SETTLE ms for anything extra, then
// prints {"done": <items>} and exits. Usage: node subscribe.mjs URL QUERY VARIABLES_JSON COUNT SETTLE
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, query, variables, count, settle] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  retryAttempts: 0,
  lazy: false,
  on: { connected: () => console.error(JSON.stringify({ connected: true })) },
});
let received = 0;
let finishing = null;
const finish = () => {
  console.log(JSON.stringify({ done: received }));
  client.dispose();
  process.exit(0);
};
client.subscribe(
  { query, variables: JSON.parse(variables) },
  {
    next: (value) => {
      received += 1;
      console.log(JSON.stringify({ at: Date.now(), data: value.data, errors: value.errors }));
      if (received >= Number(count) && finishing === null) finishing = setTimeout(finish, Number(settle));
    },
    error: (error) => {
      console.error(JSON.stringify({ error: String(error?.message ?? error) }));
      process.exit(1);
    },
    complete: () => finish(),
  },
);
