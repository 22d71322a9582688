import { FakeArxiv } from './test/e2e/fake-arxiv.ts';
import { FakeSemanticScholar } from './test/e2e/fake-semantic-scholar.ts';
const a = new FakeArxiv(); const s = new FakeSemanticScholar();
await a.start(); await s.start();
a.addPaper('2405.04434', { title: 'DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model', summary: 'We present DeepSeek-V2, a strong Mixture-of-Experts (MoE) language model characterized by economical training and efficient inference. It comprises 236B total parameters.', authors: ['DeepSeek-AI', 'Aixin Liu'], published: '2024-05-07T17:00:00Z' });
s.addPaper({ paperId: 'x', title: 'DeepSeek-V2', authors: ['DeepSeek-AI'], year: 2024, venue: 'arXiv.org', abstract: null, tldr: 'DeepSeek-V2 is a Mixture-of-Experts model that is cheap to train and fast to run.', externalIds: { ArXiv: '2405.04434', CorpusId: 1 } });
console.log(JSON.stringify({ arxiv: a.url, s2: s.url }));
if (process.argv[2]) a.delayMs = Number(process.argv[2]);
setTimeout(() => process.exit(0), 60000);
