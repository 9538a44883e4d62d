import { describe, expect, it } from 'vitest';
import { hex } from '../../shared/bytes.ts';
import { exchange } from '../../shared/card/exchange.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { CardClient } from '../../shared/card/client.ts';
import { issueMemoryCard } from '../support/issued-card.ts';

/** A card that answers from a script and records what it was sent. */
function scripted(answers: number[][]): { transport: MemoryTransport; sent: string[] } {
  const sent: string[] = [];
  const queue = [...answers];
  const transport = new MemoryTransport({
    process: (apdu) => {
      sent.push(hex(apdu));
      return Uint8Array.from(queue.shift() ?? [0x6f, 0x00]);
    },
  });
  return { transport, sent };
}

describe('APDU exchange (ISO 7816-4 transport rules)', () => {
  it('when the card answers 61xx, then GET RESPONSE collects the rest', async () => {
    const { transport, sent } = scripted([[0x01, 0x02, 0x61, 0x03], [0x03, 0x04, 0x05, 0x90, 0x00]]);
    const response = await exchange(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 });
    expect(hex(response.data)).toBe('0102030405');
    expect(response.sw).toBe(0x9000);
    expect(sent).toEqual(['00b0000000', '00c0000003']);
  });

  it('when the card answers 6Cxx, then the command is repeated once with Le = xx', async () => {
    const { transport, sent } = scripted([[0x6c, 0x02], [0xaa, 0xbb, 0x90, 0x00]]);
    const response = await exchange(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0x10, le: 255 });
    expect(hex(response.data)).toBe('aabb');
    expect(sent).toEqual(['00b00010ff', '00b0001002']);
  });

  it('when the card keeps answering 61xx, then the client gives up with a typed error', async () => {
    const { transport } = scripted(Array.from({ length: 40 }, () => [0x00, 0x61, 0x01]));
    await expect(exchange(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 })).rejects.toMatchObject({ code: 'ERR_CARD_RESPONSE_MALFORMED' });
  });

  it('when the reference card is asked for more than remains, then its 6Cxx is followed transparently', async () => {
    const { transport, credential } = await issueMemoryCard();
    const client = new CardClient(transport);
    await client.select();
    const tail = credential.jwt.length - 10;
    const response = await exchange(transport, { cla: 0, ins: 0xb0, p1: tail >> 8, p2: tail & 0xff, le: 255 });
    expect(new TextDecoder().decode(response.data)).toBe(credential.jwt.slice(tail));
  });
});
