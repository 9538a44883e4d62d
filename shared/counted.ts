/** '1 event', '3 events': a count with its noun, for messages and reports in English. */
export const counted = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
