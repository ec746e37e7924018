// KafkaJS (the version package-lock.json pins) driven by ExternalClientsIT; run with node.
//
//   produce BOOTSTRAP TOPIC               sends each stdin line "key<TAB>value" with acks=all, in order;
//                                         prints {"key", "value", "partition", "offset"} per record acked
//   consume BOOTSTRAP TOPIC GROUP LIMIT   joins GROUP, reads LIMIT records in eachMessage (from the
//                                         earliest offset when the group has none committed), commits
//                                         after each record, then prints {"partition", "offset", "key",
//                                         "value"} per record and {"committed": {partition: offset}} as
//                                         the admin client fetches them from the coordinator
//
// Every line on stdout is one JSON object; logs go to stderr. Exits non-zero on any error, or when
// LIMIT records do not arrive within 60 seconds.
'use strict';
let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (e) {
  process.stderr.write(`${e.message}\nKafkaJS is not installed here: run scripts/ci/install-tools.sh\n`);
  process.exit(2);
}
const { Kafka, Partitioners, logLevel } = kafkajs;

const DEADLINE_MS = 60_000;
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const toStderr = () => ({ namespace, level, log }) =>
  process.stderr.write(`${new Date().toISOString()} ${level} ${namespace} ${JSON.stringify(log)}\n`);

function client(bootstrap) {
  return new Kafka({ clientId: 'spate-kafkajs-check', brokers: [bootstrap], logLevel: logLevel.WARN,
    logCreator: toStderr, retry: { retries: 5 } });
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split('\n').filter((line) => line.length > 0);
}

async function produce(bootstrap, topic) {
  const producer = client(bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const line of await readStdin()) {
      const tab = line.indexOf('\t');
      const key = line.slice(0, tab);
      const value = line.slice(tab + 1);
      // one record a request: the ack names its partition and offset
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      out({ key, value, partition: ack.partition, offset: Number(ack.baseOffset) });
    }
  } finally {
    await producer.disconnect();
  }
}

async function consume(bootstrap, topic, group, limit) {
  const kafka = client(bootstrap);
  const consumer = kafka.consumer({ groupId: group });
  const records = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${records.length} of ${limit} records within ${DEADLINE_MS} ms`)),
        DEADLINE_MS);
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (records.length >= limit) return; // fetched beyond the limit: neither kept nor committed
          records.push({ partition, offset: Number(message.offset), key: message.key.toString(),
            value: message.value.toString() });
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (records.length === limit) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  records.forEach(out);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committed = {};
    for (const { partition, offset } of offsets.partitions) {
      if (Number(offset) >= 0) committed[partition] = Number(offset);
    }
    out({ committed });
  } finally {
    await admin.disconnect();
  }
}

async function main(args) {
  if (args.length === 3 && args[0] === 'produce') {
    await produce(args[1], args[2]);
  } else if (args.length === 5 && args[0] === 'consume') {
    await consume(args[1], args[2], args[3], Number(args[4]));
  } else {
    throw new Error('usage: produce BOOTSTRAP TOPIC | consume BOOTSTRAP TOPIC GROUP LIMIT');
  }
}

main(process.argv.slice(2)).then(() => process.exit(0), (e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
