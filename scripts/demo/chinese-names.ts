/** Plausible Chinese names for demo members, from a seeded generator so every demo has the same people. */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌海波辉鹏飞宇浩凯丹婷雪梅琳晨欣怡轩涵佳琪德福淑珍春秋兵林松柏振兴光荣'];

export function chineseNames(count: number, random: () => number): string[] {
  const pick = (list: string[]): string => list[Math.floor(random() * list.length)]!;
  const names = new Set<string>();
  while (names.size < count) {
    const given = random() < 0.35 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN);
    names.add(pick(SURNAMES) + given);
  }
  return [...names];
}
