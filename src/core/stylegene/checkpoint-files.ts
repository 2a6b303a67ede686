/**
 * The authors' checkpoint files (Hugging Face repository wmpscc/StyleGene_CKPT) and what
 * each one becomes in a model pack. Sizes are those of the published files, for the disk
 * check and the progress bar before a download; SHA-256s are measured on the files the
 * user actually has and recorded in the pack's manifest.
 */
export type CheckpointRole = 'stylegan2' | 'e4e' | 'stylegene' | 'fairface';

export interface CheckpointFile {
  role: CheckpointRole;
  name: string;
  /** Required for a pack; the others add photo import (e4e) and attribute labels (FairFace). */
  required: boolean;
  what: string;
}

export const CHECKPOINT_FILES: readonly CheckpointFile[] = [
  { role: 'stylegan2', name: 'stylegan2-ffhq-config-f.pt', required: true, what: 'StyleGAN2 FFHQ config-f generator and mapping network' },
  { role: 'stylegene', name: 'stylegene_N18.ckpt', required: true, what: 'StyleGene gene encoder (LGE) and gene decoder' },
  { role: 'e4e', name: 'e4e_ffhq_encode.pt', required: false, what: 'e4e encoder (photo import)' },
  { role: 'fairface', name: 'res34_fair_align_multi_7_20190809.pt', required: false, what: 'FairFace ResNet-34 (age, gender, race labels)' },
];

export const GENE_POOL_FILE = 'geneFactorPool.pkl';

export const HF_REPO = 'wmpscc/StyleGene_CKPT';
export function huggingFaceUrl(name: string, base = `https://huggingface.co/${HF_REPO}/resolve/main`): string {
  return `${base.replace(/\/$/, '')}/${encodeURIComponent(name)}`;
}

export const STYLEGENE_LICENSE =
  'Non-commercial research use only. Converted from: StyleGAN2 FFHQ config-f weights ' +
  '(NVIDIA Source Code License-NC, non-commercial; converted by rosinality/stylegan2-pytorch); ' +
  'e4e FFHQ encoder (omertov/encoder4editing, MIT code, weights trained on FFHQ: CC BY-NC-SA 4.0 dataset); ' +
  'StyleGene LGE and gene decoder (CVI-SZU/StyleGene, academic research only, commercial use prohibited); ' +
  'FairFace ResNet-34 (dchen236/FairFace, CC BY 4.0). See docs/stylegene-pack.md.';
