// The React 19 peer of the bench: the /license view of the logged-in person, written the
// way a small React app would be (fetch on mount, state, JSX), with the same markup and
// the same stylesheets as the Leptos app, against the same server and API.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../style/tokens.css';
import '../../../style/base.css';
import '../../../style/layout.css';
import '../../../style/components.css';
import '../../../style/record.css';

const STATUS = {
  myna_license_only: 'マイナ免許証のみ',
  plastic_and_myna_license: '運転免許証 + マイナ免許証の2枚持ち',
  myna_history_cert_only: 'マイナ経歴証明書のみ',
  plastic_and_myna_history_cert: '運転経歴証明書 + マイナ経歴証明書の2枚持ち',
  plastic_license_only: '運転免許証のみ',
  plastic_history_cert_only: '運転経歴証明書のみ',
};
const COLOR = { gold: '優良（ゴールド）', general: '一般', violation: '違反', first: '初回' };
const LECTURE = { good: '優良運転者講習', general: '一般運転者講習' };

const western = (iso) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${m}月${d}日`;
};
const optionalDate = (iso) => (iso ? western(iso) : '記載なし');

function Header() {
  const skip = (ev) => {
    ev.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <>
      <a className="skip-link" href="#main" onClick={skip}>本文へ移動</a>
      <header className="site-header">
        <div className="site-header__inner">
          <a className="site-header__brand" href="/">マイナポータル</a>
          <a className="site-header__bell" href="/notices" aria-label="お知らせ">
            <svg className="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
            </svg>
          </a>
        </div>
      </header>
    </>
  );
}

function Footer() {
  return (
    <footer className="site-footer">
      <p>マイナ免許証 関連サービス（デモ実装）</p>
      <p className="site-footer__note">この画面は公式サービスではありません。表示される個人情報はすべて架空のものです。</p>
    </footer>
  );
}

function Field({ label, children }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ListValue({ items }) {
  if (!items.length) return <span>記載なし</span>;
  return (
    <ul className="value-list">
      {items.map((i, n) => (
        <li key={n}>{i}</li>
      ))}
    </ul>
  );
}

function FetchedText({ url, pick }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    let live = true;
    fetch(url)
      .then((r) => (r.ok ? r.json() : Promise.reject(r)))
      .then((v) => live && setState({ ok: pick(v) }))
      .catch(() => live && setState({ err: '読み込めませんでした。' }));
    return () => {
      live = false;
    };
  }, [url]);
  if (!state) return <span className="loading">読み込み中…</span>;
  if (state.err) return <span className="status-error">{state.err}</span>;
  return <span className="revealed">{state.ok}</span>;
}

function HiddenValue({ id, showLabel, hideLabel, children }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div id={id} className="hidden-value" aria-live="polite">
        {open ? children : null}
      </div>
      <button type="button" className="link-button" aria-expanded={open ? 'true' : 'false'} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {open ? hideLabel : showLabel}
      </button>
    </>
  );
}

function RenewalNotice({ notice }) {
  return (
    <section className="notice notice--warning" aria-labelledby="renewal-heading">
      <h2 id="renewal-heading">免許情報記録の有効期限が近づいています</h2>
      {notice.kind === 'eligible' ? (
        <>
          <p>{`免許情報記録の有効期間は${western(notice.closes)}までです。更新の前に、オンラインで更新時講習（${LECTURE[notice.class] ?? notice.class}）を受講できます。`}</p>
          <p>
            <a className="button button--primary" href="/license/lecture">オンライン講習について確認する</a>
          </p>
        </>
      ) : (
        <>
          <p>{`免許情報記録の有効期間は${western(notice.closes)}までです。`}</p>
          <p>
            <strong>オンライン講習の対象外です。</strong>
            {notice.message}
          </p>
          <p>更新手続きは運転免許センター等で行ってください。</p>
        </>
      )}
    </section>
  );
}

function Entry({ href, title, sub, unavailable }) {
  return (
    <li>
      <a className="procedure" href={href}>
        <span className="procedure__text">
          <span className="procedure__title">{title}</span>
          {sub && <span className="procedure__sub">{sub}</span>}
        </span>
        {unavailable && <span className="badge">{unavailable}</span>}
        <span className="procedure__chevron" aria-hidden="true">›</span>
      </a>
    </li>
  );
}

function LicenseRecord({ r }) {
  const d = r.detail;
  const heading = '運転免許';
  useEffect(() => {
    document.title = `${heading} | マイナポータル`;
  }, []);
  return (
    <>
      <nav className="breadcrumbs" aria-label="パンくずリスト">
        <ol>
          <li>
            <a href="/">ホーム</a>
          </li>
          <li aria-current="page">{heading}</li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{heading}</h1>
      {r.renewal && <RenewalNotice notice={r.renewal} />}
      <p className="registered-on">{`登録情報 ${western(r.registered_on)}時点`}</p>
      <dl className="record">
        <Field label="氏名">{r.name}</Field>
        <Field label="フリガナ">{r.kana}</Field>
        <Field label="通称名">{r.alias_name}</Field>
        <Field label="旧姓名">{r.former_name}</Field>
        <Field label="生年月日">{western(r.birth_date)}</Field>
        <Field label="住所">{r.address}</Field>
        <Field label="本籍">
          <HiddenValue id="honseki-value" showLabel="本籍を表示する" hideLabel="本籍を非表示にする">
            <FetchedText url="/api/license/honseki" pick={(v) => v.honseki} />
          </HiddenValue>
        </Field>
        <Field label="保有状況">{STATUS[r.status] ?? r.status}</Field>
        <Field label="顔写真">
          <HiddenValue id="photo-value" showLabel="顔写真を表示する" hideLabel="顔写真を非表示にする">
            <img className="photo" src="/api/license/photo" alt="顔写真" width="120" height="150" />
          </HiddenValue>
        </Field>
        <Field label="色区分">
          <span className={`color-dot color-dot--${d.color}`} aria-hidden="true"></span>
          {COLOR[d.color] ?? d.color}
        </Field>
        <Field label="免許情報記録の有効期間">{`${western(d.valid_until)}まで`}</Field>
        <Field label="免許情報記録番号">{`第${d.number}号`}</Field>
        <Field label="取得済免許">
          <span className="sub-label">種類</span>
          <ListValue items={d.kinds} />
        </Field>
        <Field label="免許の年月日（二・小・原）">{optionalDate(d.date_two_small_moped)}</Field>
        <Field label="免許の年月日（他）">{optionalDate(d.date_other)}</Field>
        <Field label="免許の年月日（二種）">{optionalDate(d.date_second_class)}</Field>
        <Field label="免許の条件">
          <ListValue items={d.conditions} />
        </Field>
        <Field label="備考">
          <ListValue items={d.remarks} />
        </Field>
      </dl>
      <section className="procedures" aria-labelledby="procedures-heading">
        <h2 id="procedures-heading">手続き</h2>
        <ul className="procedure-list">
          <Entry href="/license/lecture" title="オンライン講習の受講" unavailable={!r.procedures.lecture && '受講不可'} />
          <Entry href="/license/honseki" title="本籍のオンライン変更の申請" unavailable={!r.procedures.honseki && '対象外'} />
          <Entry href="/license/onestop" title="基本情報の自動変更" sub="住所変更ワンストップサービス等" unavailable={!r.procedures.onestop && '対象外'} />
        </ul>
      </section>
      <p className="unlink-link">
        <a href="/license/unlink">連携解除</a>
      </p>
    </>
  );
}

function LicensePage() {
  const [state, setState] = useState(null);
  useEffect(() => {
    fetch('/api/license')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((data) => setState({ data }))
      .catch((e) => setState({ error: String(e) }));
  }, []);
  if (!state) return <p className="loading" role="status">読み込み中…</p>;
  if (state.error) return <p className="status-error" role="alert">{state.error}</p>;
  // The bench logs in as a licence holder; the driving-history view is not part of the peer.
  if (state.data.state !== 'linked' || state.data.detail.kind !== 'license') {
    return <p className="status-error" role="alert">この比較用ページは運転免許の表示のみです。</p>;
  }
  return <LicenseRecord r={state.data} />;
}

function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <LicensePage />
      </main>
      <Footer />
    </>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
