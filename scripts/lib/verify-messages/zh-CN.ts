import { toBase64 } from '../../../shared/log/base64.ts';
import type { InconsistencyReason } from '../../../shared/log/errors.ts';
import type { ManifestField, OnceMark, RevocationReason, SystemProblem, VerifyErrorCode, VerifyMessages } from './messages.ts';

const HEADLINE: Record<InconsistencyReason, string> = {
  'rolled-back': '日志被回退了',
  'forked': '日志分叉了：同样的条数，却是两棵不同的树',
  'different-log': '服务器现在提供的是另一个日志',
  'proof-invalid': '日志证明不了它是在本监看以前看到的基础上增长的',
};

const ERRORS: Record<VerifyErrorCode, string> = {
  ERR_CREDENTIAL_MALFORMED: '卡上的凭证格式不对，读不出来',
  ERR_CREDENTIAL_SIGNATURE_INVALID: '卡上凭证的签名不对：凭证被改过，或者不是发卡机关签发的',
  ERR_CREDENTIAL_EXPIRED: '刷卡时卡上的凭证已经过期',
  ERR_CREDENTIAL_NOT_YET_VALID: '刷卡时卡上的凭证还没有生效',
  ERR_NOT_MEMBER_CARD: '这不是党员卡的凭证',
  ERR_ISSUER_UNKNOWN: '签发这张卡的发卡机关公钥不在信任的公钥之中',
  ERR_PRESENCE_SIGNATURE_INVALID: '刷卡签名不对：记录被改过，或者当时刷的不是这张卡',
  ERR_PRESENCE_MALFORMED: '刷卡签名的格式不对，读不出来',
  ERR_REVOCATION_LIST_INVALID: '吊销名单的签名或格式不对：名单被改过，或者不是服务器签发的',
  ERR_EVENT_MALFORMED: '记录的格式不对，读不出来',
  ERR_EVENT_SIGNATURE_INVALID: '签到机的签名不对',
  ERR_EVENT_SCHEMA: '记录的内容不符合规定的格式',
  ERR_PROOF_RANGE: '要证明的条目超出了日志的范围',
  ERR_CHECKPOINT_INVALID: '检查点的内容格式不对',
  ERR_NOTE_MALFORMED: '检查点的格式不对，读不出来',
  ERR_NOTE_KEY_INVALID: '日志公钥的格式不对',
  ERR_NOTE_SIGNATURE_INVALID: '检查点的签名不对：检查点被改过',
  ERR_NOTE_UNVERIFIED: '检查点不是用信任的日志公钥签名的',
  'bad-hash-length': '证明中有一个哈希的长度不对',
  'bad-size': '证明所说的日志条数不对',
  'index-out-of-range': '记录的日志序号超出了检查点的条数',
  'proof-too-long': '证明中的哈希多了',
  'proof-too-short': '证明中的哈希少了',
  'root-mismatch': '按证明算出的根哈希和检查点的对不上：记录不在这个日志里，或者证明被改过',
  'size-decreased': '日志的条数变少了',
  'same-size-different-root': '同样的条数却有不同的根哈希',
  'non-empty-proof': '这里不该有证明，却给了证明',
  'empty-proof': '这里需要证明，却没有给',
  'old-root-mismatch': '按证明算出的旧根哈希对不上',
  'new-root-mismatch': '按证明算出的新根哈希对不上',
};

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: '没有这个文件，请检查文件名和所在的文件夹',
  EACCES: '没有读这个文件的权限',
  EPERM: '没有读这个文件的权限',
  EISDIR: '这是一个文件夹，不是文件',
};

const fileProblem = (problem: SystemProblem): string =>
  problem.code !== undefined && Object.hasOwn(FILE_PROBLEMS, problem.code) ? FILE_PROBLEMS[problem.code]! : `系统报错（${problem.code ?? '没有代码'}）`;

const errorText = (code: string | undefined): string =>
  code !== undefined && Object.hasOwn(ERRORS, code) ? ERRORS[code as VerifyErrorCode] : '核对时出现了意外的问题';

const REVOCATION: Record<RevocationReason, string> = { lost: '挂失', revoked: '吊销', replaced: '换卡停用' };

const EVENT_TYPES: Record<string, string> = { 'checkin': '签到', 'transfer.accept': '组织关系接收' };

const MANIFEST_FIELDS: Record<ManifestField, string> = {
  eventId: '记录编号',
  kiosk: '签到机',
  type: '记录类型',
  member: '党员',
  org: '组织',
  at: '时间',
  meeting: '会议',
  transfer: '介绍信',
  logIndex: '日志序号',
};

const markText = (mark: OnceMark): string => {
  switch (mark.kind) {
    case 'leaf':
      return `日志第 ${mark.logIndex} 条`;
    case 'event-id':
      return `记录编号 ${mark.eventId}`;
    case 'kiosk-seq':
      return `签到机 ${mark.kiosk} 第 ${mark.seq} 号记录`;
    case 'card-tap':
      return `卡 ${mark.csn} 第 ${mark.counter} 次刷卡`;
  }
};

const zoneName = (timeZone: string): string => (timeZone === 'Asia/Shanghai' ? '北京时间' : `${timeZone} 时区`);

const compareOutOfBand = '请把它和日志管理方在别处公布的公钥（纸面文件、组织的网站）比对';

export const zhCN: VerifyMessages = {
  usage: [
    '用法：npm run verify -- [--key 日志公钥 | --key-file 文件] [--issuer 文件 …] 数据包文件   （离线核对导出的数据包）',
    '      npm run verify -- --monitor 网址 [--state 文件] [--key 日志公钥 | --key-file 文件] [--issuer 文件 …] [数据包文件]   （监看服务器的公开日志）',
    '      默认用中文显示（--lang zh-CN）；加 --lang en 用英文显示。',
  ].join('\n'),
  usageErrors: {
    keyAndKeyFile: '--key 和 --key-file 只能给一个',
    monitorOrOneBundle: '请给出一个数据包文件，或者用 --monitor 网址 监看日志',
    stateNeedsMonitor: '--state 是监看用的：请同时给出 --monitor 网址',
    tooManyBundles: (argument) => `多了一个参数 ${argument}：一次只能核对一个数据包文件`,
    issuerNeedsBundle: '--issuer 是核对数据包用的：请同时给出数据包文件',
    notAUrl: (url) => `“${url}”不是网址`,
    unknownOption: (option) => `没有 ${option} 这个选项`,
    missingValue: (option) => `${option} 后面要跟一个值`,
    badArguments: () => '参数不对',
    unknownLanguage: (language) => `--lang ${language}：只能是 zh-CN（中文）或 en（英文）`,
    cannotReadKeyFile: (path, problem) => `读不了公钥文件 ${path}：${fileProblem(problem)}`,
    cannotReadIssuerFile: (path, problem) => `读不了发卡机关公钥文件 ${path}：${fileProblem(problem)}`,
    notAnIssuerKey: (path) => `${path} 不是发卡机关的公钥文件（应是带 kid 和 iss 的 JWK，或 { "keys": [...] }）`,
  },
  couldNotCheck: (what, code) => `核对没能完成：${what}（${code}）`,
  unexpectedFailure: (message) => `核对没能完成，出现了意外的问题：${message}`,
  cannotReadBundle: (path, problem) => `读不了文件 ${path}：${fileProblem(problem)}`,
  error: (code) => errorText(code),

  monitorErrors: {
    unreachable: (origin, why) => `连不上 ${origin}（${why.code ?? '网络错误'}）：请检查网址和网络，过一会儿再试`,
    serverError: (where, status, error) => `服务器出错了：${where} 回答 ${status}${error ? `（${error.code}）` : ''}。请过一会儿再试，一直这样请告诉服务器的管理员`,
    answerNotJson: (where) => `${where} 的回答不是 JSON：这个网址可能不是党员卡服务器`,
    answerOffContract: () => '服务器的回答不符合日志接口的规定：这个网址可能不是党员卡服务器，或者服务器的版本不对',
    notAUrl: (url) => `“${url}”不是网址`,
    notHttp: (url) => `“${url}”不是 http 或 https 网址`,
    stateUnreadable: (path) => `读不了状态文件 ${path}`,
    stateNotJson: (path) => `${path} 不是 JSON 文件，不是监看的状态文件`,
    stateNotState: (path, field) => `${path} 不是监看的状态文件（${field} 不对）`,
    keyConflict: (path) => `给出的公钥和 ${path} 里记下的不一样；要用另一个公钥监看这个日志，请换一个 --state 文件`,
    checkpointNotNote: () => '服务器给出的检查点格式不对，不是签了名的检查点',
  },

  monitor: {
    firstUse: (verifierKey) => [
      '没有给出日志公钥：这次先信任服务器公布的公钥（首次使用）：',
      `  ${verifierKey}`,
      `${compareOutOfBand}，`,
      '确认一致后再依靠本监看；下次用 --key 给出这个公钥，就能当场核对。',
    ],
    keyGiven: (verifierKey) => `使用给出的日志公钥：${verifierKey}`,
    pinned: (origin, size, root) => `已记下：日志 ${origin}，共 ${size} 条，根哈希 ${root}`,
    stateSaved: (path) => `状态已保存到 ${path}`,
    consistent: (from, to) => `前后一致：日志从 ${from} 条到 ${to} 条`,
    root: (root) => `根哈希 ${root}`,
    movedFrom: (previousUrl, url) => `注意：上次核对的是 ${previousUrl}；这次拿它核对了 ${url}`,
    inconsistentBanner: (reason) => `!!! 日志前后不一致：${HEADLINE[reason]} !!!`,
    inconsistency: (reason, previous, next) => {
      const why: Record<InconsistencyReason, string> = {
        'rolled-back': `日志从 ${previous.size} 条缩回到 ${next.size} 条`,
        'forked': `日志在 ${next.size} 条时有两个不同的根哈希：${toBase64(previous.rootHash)} 和 ${toBase64(next.rootHash)}`,
        'different-log': `新检查点属于日志“${next.origin}”，旧的属于“${previous.origin}”`,
        'proof-invalid': `日志没能证明 ${next.size} 条是在 ${previous.size} 条的基础上增长的`,
      };
      return `${why[reason]}（${reason}）`;
    },
    twoHistories: (url) => `${url} 的服务器给出了两份不可能同时为真的历史。`,
    keepEvidence: (statePath, size) => [`请保留 ${statePath}（本监看以前核对过的检查点，${size} 条，没有改动）`, '和下面服务器现在给出的检查点，作为证据：'],
    unverifiedBanner: '!!! 检查点不是用记下的公钥签名的 !!!',
    unverified: (verifierKey, code) => [
      `服务器最新的检查点用 ${verifierKey} 核对不通过：${errorText(code)}（${code}）`,
      '要么日志公钥被换了，要么有人冒充日志在回答。什么都没有保存。检查点如下：',
    ],
    bundleNotChecked: (path) => `没有把数据包 ${path} 和日志比对：日志本身没有通过核对。`,
    bundleCheckpointUntrusted: '数据包的检查点不是用本监看信任的公钥签名的，无法和日志比对。',
    bundleNotInLogBanner: '!!! 数据包的检查点不在本监看跟踪的日志里 !!!',
    bundleNotInLog: (size, root, url, path) => [
      `数据包给出的是一棵 ${size} 条的树，根哈希 ${root}，用日志的公钥签了名，但 ${url} 的日志里没有它：`,
      `数据包里的记录没有被证明在大家看到的同一份历史里。请保留 ${path} 作为证据。`,
    ],
    bundleInLog: (size, newest) => `日志：数据包的检查点（${size} 条）在本监看跟踪的日志里（与 ${newest} 条的检查点一致）`,
  },

  report: {
    mark: (ok) => (ok ? '通过  ' : '不通过'),
    finding: (check, code, detail) => `${check}：${code ? `${code}——` : ''}${detail}`,
    header: (path, subject, events) => `数据包 ${path}${subject ? `：${subject}` : ''}，共 ${events} 条记录`,
    logKey: (verifierKey, from) =>
      from === 'bundle'
        ? [`日志公钥：${verifierKey}`, `  ${compareOutOfBand}，或者用 --key 给出您自己掌握的公钥：数据包本身什么也担保不了。`]
        : [`日志公钥：${verifierKey}（${from === 'given' ? '您给出的' : '本监看信任的公钥'}）`],
    issuerKeysGiven: (count) => `发卡机关公钥（您给出的）：${count} 个`,
    issuerKeysFromBundle: '发卡机关公钥，取自数据包——请逐个和各发卡机关公布的公钥比对，或者用 --issuer 文件 给出您自己掌握的：',
    event: (position, total, logIndex, what) => `第 ${position}/${total} 条记录（日志第 ${logIndex ?? '?'} 条）${what}`,
    eventWhat: (type, eventId, at) =>
      `${type === null ? '读不出来的记录' : (EVENT_TYPES[type] ?? type)}${eventId ? ` ${eventId}` : ''}${at ? `，时间 ${at}` : ''}`,
    verified: (total) =>
      `核对通过：${total === 1 ? '这 1 条记录' : `全部 ${total} 条记录`}——签到机签名；每条记录当时的党员卡凭证和刷卡签名；每次刷卡时卡有没有被吊销；记录都收在检查点下的日志里；每条记录都属于数据包所说的对象和日期，而且只列一次；清单与记录一致`,
    notProven: (checkpointCompared) => [
      '这个数据包证明不了：',
      '  - 它包含了对象在这段时间内的全部记录：放哪些记录是服务器决定的，而且数据包只含导出它的账户有权看到的记录。',
      '    日志不按党员或组织列清单，所以漏掉的记录在这里看不出来。',
      ...(checkpointCompared
        ? []
        : [
            '  - 它的检查点和其他人看到的是同一个：请用 `npm run verify -- --monitor 网址 数据包文件` 证明，',
            '    或者把它的条数和根哈希与在别处看到的这个日志的检查点比对。',
          ]),
      '  - 每次刷卡的确切时间：记录的时间是签到机自己的时钟。',
      '  - 服务器没有列入自己吊销名单的卡；党员是以本支部党员、流动党员还是来访人员的身份参加（清单上的参加身份只是服务器的说法）。',
    ],
    failed: (failedEvents, total, failedGlobal) => `核对不通过：${total} 条记录中有 ${failedEvents} 条有问题，整体检查中有 ${failedGlobal} 项有问题`,
  },

  checks: {
    bundle: '数据包格式',
    verifierKey: '日志公钥',
    checkpoint: '检查点签名',
    issuerKeys: '发卡机关公钥',
    revocationList: '吊销名单',
    manifest: '清单',
    kioskKey: '签到机公钥',
    kioskSignature: '签到机签名',
    payload: '记录内容',
    memberCredential: '党员卡凭证',
    memberPresence: '党员卡刷卡签名',
    memberRevocation: '党员卡是否被吊销',
    memberIdentity: '党员卡持卡人',
    secretaryCredential: '书记卡凭证',
    secretaryPresence: '书记卡刷卡签名',
    secretaryRevocation: '书记卡是否被吊销',
    inclusion: '日志收录',
    subject: '数据包对象',
    window: '数据包日期范围',
    once: '只列一次',
  },

  findings: {
    memberSubject: (member, name) => `党员 ${member}（${name}）`,
    orgSubject: (org, name) => `组织 ${org}（${name}）`,
    subjectInWindow: (who, window) => `${who}，${window}`,
    window: (from, to, madeOn, timeZone) => {
      const end = to ?? `${madeOn}（导出当天）`;
      const days = from === null && to === null ? `所有日子，截至 ${end}` : `${from ?? '最早'} 至 ${end}`;
      return `${days}（按${zoneName(timeZone)}计日）`;
    },
    notJson: () => '不是 JSON 文件：可能没有下载完整，或者不是导出的数据包',
    notABundle: (issues) => `不是党员卡数据包，这些地方不对：${issues.map((issue) => issue.path).join('、')}`,
    manifestCount: (listed, held) => `清单列了 ${listed} 条记录，数据包里却有 ${held} 条`,
    verifierKeyFromBundle: (keyName) => `${keyName}——取自数据包：${compareOutOfBand}`,
    verifierKeyMismatch: (bundleKey) => `数据包写的日志公钥是 ${bundleKey}，不是您信任的那个；检查点用您信任的公钥打开`,
    verifierKeyMatches: (keyName) => `${keyName}——数据包写的正是您信任的公钥`,
    checkpoint: (origin, size, root) => `${origin}，共 ${size} 条，根哈希 ${root}`,
    issuerKidMismatch: (keys) => `${keys}：公钥和它的编号对不上（公钥的编号就是公钥的指纹），用它签的一概不信`,
    issuerKeysGiven: (count) => `您给出了 ${count} 个，不用数据包里的`,
    issuerKeysFromBundle: (count) => `${count} 个，取自数据包：请逐个和发卡机关公布的公钥比对，或者用 --issuer 文件 给出您自己掌握的`,
    kioskKidMismatch: (kid, thumbprint) => `数据包给签到机 ${kid} 的公钥不是这台签到机的（它的指纹是 ${thumbprint ?? '算不出来'}）`,
    revocationsMissing: '数据包里没有服务器签名的吊销名单：无法核对刷卡时卡是否已经停用',
    serverKidMismatch: (kid) => `服务器公钥 ${kid} 和它的编号对不上`,
    revocations: (count, seq, kid) => `${count} 张卡已停用（名单第 ${seq} 版），由服务器公钥 ${kid} 签名`,
    memberIsSubject: (member) => `党员 ${member}`,
    memberNotSubject: (eventMember, bundleMember) => `这条记录是党员 ${eventMember} 的，数据包却是党员 ${bundleMember} 的`,
    orgIsSubject: (org) => `在组织 ${org}`,
    orgNotSubject: (eventOrg, bundleOrg) => `这条记录发生在组织 ${eventOrg}，数据包却是组织 ${bundleOrg} 的`,
    unknownZone: (zone) => `数据包按“${zone}”时区计日，这台电脑不认识这个时区`,
    outsideWindow: (day, timeZone, from, to) => `刷卡的日子是 ${day}（${zoneName(timeZone)}），不在数据包的 ${from ?? '最早'} 至 ${to ?? '最后'} 之内`,
    onDay: (day) => `在 ${day}`,
    once: '数据包里没有别的记录用同一个日志条目、记录编号、签到机序号或同一次刷卡',
    repeated: (repeats) => `同一个${repeats.map(({ mark, first }) => `${markText(mark)}（已是第 ${first + 1} 条记录）`).join('、')}：被算了两次`,
    card: (csn, sub, iss) => `卡 ${csn}，持卡人 ${sub}，由 ${iss} 发放`,
    counter: (counter) => `刷卡计数 ${counter}`,
    credentialHeld: '发卡机关签名和有效期',
    revokedBefore: (csn, reason, at) => `服务器的名单说卡 ${csn} 在 ${at} 已${REVOCATION[reason]}，早于这次刷卡`,
    revokedLater: (reason, at) => `后来（${at}）才${REVOCATION[reason]}`,
    notRevoked: '不在吊销名单上',
    manifestMissing: '清单里没有这条记录',
    manifestUnreadable: '读不出记录内容，无法比对',
    manifestMatches: '与签名的记录一致',
    manifestMismatch: (fields) => `清单在这些方面和签名的记录说的不一样：${fields.map((field) => MANIFEST_FIELDS[field]).join('、')}`,
    unknownKiosk: (kid) => `数据包里没有签到机 ${kid} 的公钥`,
    signedByKiosk: (kid) => `由签到机 ${kid} 签名`,
    altered: (said) => `${said}：记录内容或签名被改过`,
    payloadUnreadable: '记录内容读不出来',
    kioskEnrolled: (org) => `签到机登记在 ${org}`,
    kioskOrgMismatch: (eventOrg, kioskOrg) => `记录写的是组织 ${eventOrg}，签到机却登记在 ${kioskOrg}`,
    cardHolderMismatch: (cardSub, eventMember) => `卡是 ${cardSub} 的，记录写的却是 ${eventMember}`,
    notEvidence: (type) => `${EVENT_TYPES[type] ?? type} 类的记录不能证明参会或组织关系接收`,
    leafOf: (logIndex, size) => `日志共 ${size} 条中的第 ${logIndex} 条`,
    noCheckpoint: '证明不了：数据包里的检查点没有通过核对',
  },
};
