import { encodeCommand, parseResponse, type CommandApdu, type ResponseApdu } from './apdu.ts';
import { INS, isMoreData, isWrongLe } from './constants.ts';
import { concat } from '../bytes.ts';
import { CardResponseError } from '../errors.ts';
import type { CardTransport } from './transport.ts';

/** A card that keeps answering 61xx is broken or hostile; stop long before memory runs out. */
const MAX_GET_RESPONSE = 16;

/**
 * Sends one command and returns the whole answer, doing the transport-level work of ISO 7816-4 §5.3:
 * 6Cxx → the same command again with Le = xx (once); 61xx → GET RESPONSE until the data is complete.
 */
export async function exchange(transport: CardTransport, command: CommandApdu): Promise<ResponseApdu> {
  let response = parseResponse(await transport.transmit(encodeCommand(command)));
  if (isWrongLe(response.sw)) {
    const exact = response.sw & 0xff;
    response = parseResponse(await transport.transmit(encodeCommand({ ...command, le: exact === 0 ? 256 : exact })));
  }
  let data = response.data;
  for (let rounds = 0; isMoreData(response.sw); rounds++) {
    if (rounds === MAX_GET_RESPONSE) throw new CardResponseError('the card keeps answering 61xx');
    const available = response.sw & 0xff;
    const getResponse = { cla: 0x00, ins: INS.getResponse, p1: 0, p2: 0, le: available === 0 ? 256 : available };
    response = parseResponse(await transport.transmit(encodeCommand(getResponse)));
    data = concat(data, response.data);
  }
  return { data, sw: response.sw };
}
