// Labels in English and Korean: the taskforce works in both. The choice is kept in the browser;
// identifiers from the API (statuses, command and field names) are shown as they are, so that the
// console, the CLI and the documents name things alike.
const en = {
  appTitle: 'Taskforce console',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signingIn: 'Signing in…',
  signInHint: 'Sign in with your account at the taskforce’s identity provider.',
  language: '한국어',
  cases: 'Cases',
  deadlines: 'Deadlines at risk',
  flights: 'Flights',
  operations: 'Operations',
  statistics: 'Statistics',
  kind: 'Kind',
  status: 'Status',
  leadAgency: 'Lead agency',
  operation: 'Operation',
  flight: 'Flight',
  deadlineWithinDays: 'Deadline within (days)',
  openOnly: 'Open cases only',
  any: 'any',
  filter: 'Filter',
  nextPage: 'Next page',
  firstPage: 'First page',
  caseId: 'Case',
  nextDeadline: 'Next deadline',
  lastEvent: 'Last event',
  noCases: 'No cases match.',
  openCase: 'Open a case',
  state: 'State',
  waitingFor: 'What it waits for',
  waitingCommands: 'a command:',
  waitingClock: 'the clock',
  nothingAwaited: 'nothing: the case is finished.',
  deadlinesOf: 'Deadlines',
  overdue: 'overdue by',
  dueIn: 'due in',
  commands: 'Commands you may give now',
  notNow: 'Not allowed while {status} ({count}): sending one shows the rule',
  category: 'Category',
  field: 'Field',
  value: 'Value',
  recordedAt: 'Recorded at',
  noCommands: 'You may give no command on this case now.',
  send: 'Send',
  sent: 'Recorded:',
  nothingRecorded: 'Accepted; nothing new was recorded.',
  refused: 'Refused',
  rule: 'Rule',
  invalid: 'Not valid',
  required: 'required',
  optional: 'optional',
  personalData: 'Personal data',
  hidden: 'hidden',
  hiddenWhenAssigned: '{category}: shown to {who} only on {kind} cases they are assigned to',
  hiddenNever: '{category}: not shown to {who} on {kind} cases',
  hiddenByPolicy: 'your agency and role may not see this value',
  timeline: 'Timeline',
  allSources: 'all sources',
  workflowEvents: 'Temporal events',
  domainEvents: 'domain events',
  search: 'Search',
  openInTemporal: 'Open in the Temporal UI',
  runs: 'runs',
  manifest: 'Manifest',
  seat: 'Seat',
  clearance: 'Clearance',
  capacity: 'Capacity',
  escorts: 'Escort officers',
  withheld: 'seats of cases you may not see',
  raids: 'Raids and detentions',
  casesOpened: 'Cases of this operation',
  counts: 'Counted from case events',
  estimates: 'Estimates',
  live: 'live',
  offline: 'not live',
  loading: 'Loading…',
  error: 'Something went wrong',
  notFound: 'Not found',
  signedInAs: 'Signed in as',
  back: 'Back',
  now: 'now',
  targetsRaided: 'Targets raided',
  suspectsDetained: 'Suspects detained',
  victimsRescued: 'Victims rescued',
  pendingScreening: 'Pending screening',
};

type Labels = typeof en;
export type Label = keyof Labels;

const ko: Labels = {
  appTitle: '태스크포스 콘솔',
  signIn: '로그인',
  signOut: '로그아웃',
  signingIn: '로그인 중…',
  signInHint: '태스크포스 인증 서버의 계정으로 로그인하십시오.',
  language: 'English',
  cases: '사건',
  deadlines: '임박한 기한',
  flights: '송환 항공편',
  operations: '합동 작전',
  statistics: '통계',
  kind: '유형',
  status: '상태',
  leadAgency: '주관 기관',
  operation: '작전',
  flight: '항공편',
  deadlineWithinDays: '기한 (일 이내)',
  openOnly: '진행 중인 사건만',
  any: '전체',
  filter: '검색',
  nextPage: '다음 쪽',
  firstPage: '첫 쪽',
  caseId: '사건',
  nextDeadline: '다음 기한',
  lastEvent: '최근 사건 기록',
  noCases: '해당 사건이 없습니다.',
  openCase: '사건 등록',
  state: '상태 정보',
  waitingFor: '대기 중인 일',
  waitingCommands: '다음 명령:',
  waitingClock: '기한',
  nothingAwaited: '없음: 종결된 사건입니다.',
  deadlinesOf: '기한',
  overdue: '기한 초과',
  dueIn: '남은 시간',
  commands: '지금 내릴 수 있는 명령',
  notNow: '{status} 상태에서는 허용되지 않음 ({count}): 보내면 해당 규칙이 표시됩니다',
  category: '분류',
  field: '항목',
  value: '값',
  recordedAt: '기록 시각',
  noCommands: '지금 이 사건에 내릴 수 있는 명령이 없습니다.',
  send: '보내기',
  sent: '기록됨:',
  nothingRecorded: '접수되었으나 새로 기록된 것은 없습니다.',
  refused: '거부됨',
  rule: '규칙',
  invalid: '입력 오류',
  required: '필수',
  optional: '선택',
  personalData: '개인정보',
  hidden: '비공개',
  hiddenWhenAssigned: '{category}: {kind} 사건 중 담당 사건에서만 {who}에게 공개',
  hiddenNever: '{category}: {kind} 사건에서 {who}에게 비공개',
  hiddenByPolicy: '귀 기관·역할에는 공개되지 않는 값입니다',
  timeline: '처리 이력',
  allSources: '전체',
  workflowEvents: 'Temporal 이벤트',
  domainEvents: '도메인 이벤트',
  search: '검색',
  openInTemporal: 'Temporal UI에서 열기',
  runs: '실행',
  manifest: '탑승자 명단',
  seat: '좌석',
  clearance: '송환 승인',
  capacity: '정원',
  escorts: '호송 인원',
  withheld: '열람 권한이 없는 사건의 좌석',
  raids: '단속 및 구금',
  casesOpened: '이 작전의 사건',
  counts: '사건 기록 집계',
  estimates: '추정치',
  live: '실시간',
  offline: '연결 끊김',
  loading: '불러오는 중…',
  error: '오류가 발생했습니다',
  notFound: '찾을 수 없습니다',
  signedInAs: '로그인:',
  back: '뒤로',
  now: '지금',
  targetsRaided: '단속 대상',
  suspectsDetained: '구금된 피의자',
  victimsRescued: '구조된 피해자',
  pendingScreening: '심사 대기',
};

const LABELS = { en, ko };
export type Language = keyof typeof LABELS;
const KEY = 'taskforce.language';

export function language(): Language {
  return localStorage.getItem(KEY) === 'ko' ? 'ko' : 'en';
}

export function switchLanguage(): void {
  localStorage.setItem(KEY, language() === 'en' ? 'ko' : 'en');
  document.documentElement.lang = language();
}

/** The label in the chosen language, each {name} in it replaced by `values[name]`. */
export function t(label: Label, values: Record<string, string> = {}): string {
  return LABELS[language()][label].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A duration in days, hours and minutes, in the chosen language. */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const [d, hh, mm] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const units = language() === 'ko' ? ['일', '시간', '분'] : ['d', 'h', 'm'];
  return [d ? `${d}${units[0]}` : '', d || hh ? `${hh}${units[1]}` : '', `${mm}${units[2]}`].filter(Boolean).join(' ');
}

/** An instant as the reader's local date and time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(language() === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
