/**
 * A card PC/SC cannot connect to, produced for real: a virtual card that answers vpcd's ATR request with this ATR
 * offers only T=15 (TS 3B, T0 80, TD1 0F, TCK 8F), which is no transmission protocol, so pcscd finds the card
 * present but its SCardConnect fails with SCARD_E_PROTO_MISMATCH. nfc-pcsc reports that failure in a way no
 * listener hears (the Error as the event name).
 */
export const UNCONNECTABLE_ATR = Uint8Array.of(0x3b, 0x80, 0x0f, 0x8f);
