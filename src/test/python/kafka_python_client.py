"""kafka-python (Debian's python3-kafka) driven by ExternalClientsIT; run with /usr/bin/python3.

  produce BOOTSTRAP TOPIC               sends each stdin line "key<TAB>value" with acks=all, in order;
                                        prints {"key", "value", "partition", "offset"} per record acked
  consume BOOTSTRAP TOPIC GROUP LIMIT   joins GROUP, reads LIMIT records (from the earliest offset when
                                        the group has none committed), commits after each record, then
                                        prints {"partition", "offset", "key", "value"} per record and
                                        {"committed": {partition: offset}} as the coordinator returns it

Every line on stdout is one JSON object; logs go to stderr. Exits non-zero on any error, or when
LIMIT records do not arrive within 60 seconds.
"""
import json
import sys
import time

try:
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition
    from kafka.structs import OffsetAndMetadata
except ImportError as e:
    sys.exit(f'{e}\nkafka-python is not installed for {sys.executable}: run scripts/ci/install-tools.sh')

DEADLINE_SECONDS = 60


def out(obj):
    print(json.dumps(obj), flush=True)


def produce(bootstrap, topic):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', retries=5,
                             max_in_flight_requests_per_connection=1)  # keeps the order on a retry
    sent = []
    for line in sys.stdin.read().splitlines():
        key, value = line.split('\t', 1)
        sent.append((key, value, producer.send(topic, key=key.encode(), value=value.encode())))
    producer.flush(DEADLINE_SECONDS)
    for key, value, future in sent:
        meta = future.get(timeout=DEADLINE_SECONDS)
        out({'key': key, 'value': value, 'partition': meta.partition, 'offset': meta.offset})
    producer.close(DEADLINE_SECONDS)


def consume(bootstrap, topic, group, limit):
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                             auto_offset_reset='earliest', enable_auto_commit=False)
    deadline = time.monotonic() + DEADLINE_SECONDS
    records = []
    while len(records) < limit:
        if time.monotonic() > deadline:
            sys.exit(f'{len(records)} of {limit} records within {DEADLINE_SECONDS} s')
        for tp, batch in consumer.poll(timeout_ms=500, max_records=limit - len(records)).items():
            for m in batch:
                records.append(m)
                consumer.commit({tp: OffsetAndMetadata(m.offset + 1, None)})
    for m in records:
        out({'partition': m.partition, 'offset': m.offset, 'key': m.key.decode(), 'value': m.value.decode()})
    partitions = consumer.partitions_for_topic(topic)
    committed = {p: consumer.committed(TopicPartition(topic, p)) for p in sorted(partitions)}
    out({'committed': {str(p): o for p, o in committed.items() if o is not None}})
    consumer.close(autocommit=False)


def main(args):
    if len(args) == 3 and args[0] == 'produce':
        produce(args[1], args[2])
    elif len(args) == 5 and args[0] == 'consume':
        consume(args[1], args[2], args[3], int(args[4]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
