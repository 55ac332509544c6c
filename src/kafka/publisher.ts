/**
 * The event bus adapter: the only module that speaks Kafka (@platformatic/kafka, a pure-JS client
 * that speaks to Kafka 4 brokers; README "Libraries, and why"). An idempotent producer with
 * acks=all: a send resolves once every in-sync replica has the batch, and the broker drops the
 * duplicates of a retried request, so the relay's at-least-once comes only from a crash between a
 * send and the cursor's move.
 */
import { ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import type { KafkaConfig } from '../config.js';
import type { EventMessage, EventPublisher } from '../domain/ports.js';

export function createKafkaPublisher(config: Pick<KafkaConfig, 'brokers' | 'topic' | 'clientId'>): EventPublisher {
  const producer = new Producer({
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: true,
  });
  return {
    async publish(messages: readonly EventMessage[]): Promise<void> {
      if (messages.length === 0) return;
      await producer.send({
        messages: messages.map((m) => ({ topic: config.topic, key: m.key, value: m.value, headers: m.headers })),
        acks: ProduceAcks.ALL,
      });
    },
    close: () => producer.close(),
  };
}
