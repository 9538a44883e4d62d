/** A kiosk bearer token's id, as the replay check keeps it. */
export interface KioskTokenId {
  kid: string;
  jti: string;
  /** epoch seconds after which no token with this id could pass any more (its exp plus the clock leeway) */
  exp: number;
}

export interface KioskTokenIdWriter {
  /**
   * One statement: records the id, or takes over a row of the same id whose `exp` is before `nowSeconds`.
   * False when the id is recorded already and not yet past its `exp`: the token is a replay.
   */
  remember(id: KioskTokenId, nowSeconds: number): Promise<boolean>;
  /** deletes the ids whose `exp` is before `nowSeconds`; how many went */
  forgetExpired(nowSeconds: number): Promise<number>;
}
