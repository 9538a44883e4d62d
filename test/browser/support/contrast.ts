/** WCAG 2.x contrast of two computed CSS colours ("rgb(r, g, b)" or "rgba(r, g, b, 1)"). */

function channels(colour: string): [number, number, number] {
  const match = /^rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)(?:,\s*([\d.]+))?\)$/.exec(colour);
  if (!match) throw new Error(`not an rgb() colour: ${colour}`);
  if (match[4] !== undefined && Number(match[4]) !== 1) throw new Error(`a translucent colour has no fixed contrast: ${colour}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const c = value / 255;
    return c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const parseRgb = channels;
