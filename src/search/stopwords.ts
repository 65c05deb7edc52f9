// Function words and question words: they say what kind of answer is wanted, not what it is
// about, so they must not drive the ranking. Checked on the lowercased surface form (ё → е).

const EN = `a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further had has have having he her here hers herself him
himself his how i if in into is isn't it it's its itself just let me more most my myself no nor not
of off on once only or other ought our ours ourselves out over own same she should so some such than
that that's the their theirs them themselves then there these they this those through to too under
until up very was wasn't we were what when where which while who whom whose why will with would you
your yours yourself yourselves us
please tell say says said saying explain describe know knows mention mentions mentioned according
article articles text document documents paragraph anything something thing things much many
does kind sort ever really give show find want wanted like whether regarding concerning
hi hello thanks thank`;

const RU = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него
до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы
тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда
можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
конечно всю между это эта эти этих которые который которая которого
какие каких каким какими каком какому какого какое какую каков какова каковы сколько почему
зачем откуда куда ли чему чем чём кого кому кем ком чья чей чье чьи который которой котором
которому которую которым которыми
расскажи расскажите скажи скажите объясни объясните опиши опишите пожалуйста подскажи подскажите
говорится говорит говорил сказал сказала сказано сказать написано пишет пишут упоминается
упомянуто статья статье статьи статью текст тексте документ документе абзац
что-нибудь что-то кто-то чём чем ком кем кому`;

const ZH = `的 了 是 在 和 与 及 或 有 也 都 就 而 但 被 把 对 于 从 向 为 以 之 其 这 那 这个 那个 这些 那些
什么 为什么 为何 怎么 怎样 怎么样 如何 哪 哪些 哪个 哪里 哪儿 谁 是谁 多少 几 吗 呢 吧 啊 呀
请 请问 告诉 我 我们 你 你们 他 她 它 他们 说 说了 谈 谈到 提到 提及 关于 文章 文中 本文 一下 一些
是否 能否 可以 能 会 要 应该 应 哪方面 方面 内容 情况 还 还有 已经 有没有 能不能 多大`;

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const ENGLISH_STOPWORDS: ReadonlySet<string> = words(EN);
export const RUSSIAN_STOPWORDS: ReadonlySet<string> = words(RU.replaceAll("ё", "е"));
export const CHINESE_STOPWORDS: ReadonlySet<string> = words(ZH);
