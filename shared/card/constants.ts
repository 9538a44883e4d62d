/** The byte-level constants of card-firmware-spec/SPEC.md. */

export const AID = Uint8Array.of(0xf0, 0x4d, 0x49, 0x43, 0x01);
export const APPLET_VERSION = { major: 1, minor: 0 } as const;

export const CLA_ISO = 0x00;

export const INS = {
  select: 0xa4,
  readBinary: 0xb0,
  updateBinary: 0xd6,
  generateKey: 0x47,
  internalAuthenticate: 0x88,
  activate: 0x44,
  getResponse: 0xc0,
} as const;

export const SW = {
  ok: 0x9000,
  wrongLength: 0x6700,
  authenticationBlocked: 0x6983,
  securityNotSatisfied: 0x6982,
  conditionsNotSatisfied: 0x6985,
  wrongData: 0x6a80,
  notFound: 0x6a82,
  noSpace: 0x6a84,
  wrongP1P2: 0x6a86,
  referencedDataNotFound: 0x6a88,
  wrongOffset: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
  unknown: 0x6f00,
} as const;

/** 6Cxx: wrong Le, xx is the exact length available. 61xx: xx more bytes wait for GET RESPONSE. */
export const isWrongLe = (sw: number): boolean => (sw & 0xff00) === 0x6c00;
export const isMoreData = (sw: number): boolean => (sw & 0xff00) === 0x6100;

export const LIFECYCLE = { personalisation: 0x03, active: 0x05 } as const;
export type Lifecycle = keyof typeof LIFECYCLE;

export const SFI_CREDENTIAL = 0x01;
export const CREDENTIAL_CAPACITY = 2048;
export const MAX_CHUNK = 255;
export const CSN_LENGTH = 8;
export const CHALLENGE_LENGTH = 32;
export const COUNTER_MAX = 0xffffffff;
/** counter (4) ‖ r (32) ‖ s (32) */
export const PRESENCE_RESPONSE_LENGTH = 68;

/** FCI tags inside the proprietary template A5 of the SELECT answer. */
export const FCI_TAG = {
  fci: 0x6f,
  dfName: 0x84,
  proprietary: 0xa5,
  csn: 0xc0,
  version: 0xc1,
  lifecycle: 0xc2,
  counter: 0xc3,
  credentialLength: 0xc4,
  keyStatus: 0xc5,
} as const;

/** Public key template of GENERATE ASYMMETRIC KEY PAIR: 7F49 { 86: 04 ‖ X ‖ Y }. */
export const PUBLIC_KEY_TAG = { template: 0x7f49, point: 0x86 } as const;

/** The first bytes of every message the card signs for presence. */
export const PRESENCE_DOMAIN = Uint8Array.of(0x4d, 0x49, 0x43, 0x31); // "MIC1"
