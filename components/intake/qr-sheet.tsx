import type { IntakePointKind } from '@/lib/cases/intake-points';
import { QrCode } from './qr-code';
import styles from './qr-sheet.module.css';

const WORDING: Record<IntakePointKind, { kind: string; instruction: string }> = {
  wish_box: { kind: '微光心愿箱', instruction: '扫码提交诉求 · 微光心愿箱' },
  grid: { kind: '网格服务', instruction: '扫码提交诉求 · 网格员为您办' },
  building: { kind: '楼栋服务', instruction: '扫码提交诉求 · 网格员为您办' },
};

/** One printable A4 sheet: where it is, what to do, the code, and the address for those who type it. */
export function QrSheet({ kind, name, url, footer }: { kind: IntakePointKind; name: string; url: string; footer: string | null }) {
  const w = WORDING[kind];
  // The wish box's name already says "微光心愿箱 · …"; on paper the place alone reads better under the heading.
  const title = kind === 'wish_box' ? name.replace(/^微光心愿箱\s*·\s*/, '') : name;
  return (
    <article className={styles.sheet} aria-label={`${name} 二维码`}>
      <div className={styles.inner}>
        <p className={styles.brand}>✦ 萤火 · 网格服务</p>
        <p className={styles.kind}>{w.kind}</p>
        <h2 className={styles.title}>{title}</h2>
        <p className={styles.instruction}>{w.instruction}</p>
        <QrCode text={url} label={`${name} 的提交二维码，地址 ${url}`} className={styles.qr} />
        <p className={styles.url}>{url}</p>
        <ol className={styles.steps}>
          <li>① 微信或相机扫码</li>
          <li>② 填写诉求，可附照片</li>
          <li>③ 保存链接，查看进度并评价</li>
        </ol>
        <p className={styles.footer}>
          {footer && (
            <>
              {footer}
              <br />
            </>
          )}
          紧急情况请拨打 119 / 110 / 120
        </p>
      </div>
    </article>
  );
}
