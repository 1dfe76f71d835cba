"""The language models of the example: a recurrent unit written by hand, or L.LSTM,
between a word embedding and a layer that scores every word of the vocabulary."""

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L


class SimpleRNN(flexgrad.Chain):
    """The plainest recurrent unit, ``h = tanh(W_x x + W_h h)``: the state ``h`` is the
    only memory of the words seen so far."""

    def __init__(self, n_in, n_units):
        super().__init__()
        with self.init_scope():
            self.W_x = L.Linear(n_in, n_units)
            self.W_h = L.Linear(n_units, n_units, nobias=True)
        self.h = None

    def reset_state(self):
        self.h = None

    def forward(self, x):
        z = self.W_x(x) if self.h is None else self.W_x(x) + self.W_h(self.h)
        self.h = F.tanh(z)
        return self.h


RECURRENT_UNITS = {"rnn": SimpleRNN, "lstm": L.LSTM}


class LanguageModel(flexgrad.Chain):
    """Reads one word id per sequence and returns the scores of the next word."""

    def __init__(self, kind, n_vocab, n_units, dropout=0.0):
        super().__init__()
        self.dropout = dropout
        with self.init_scope():
            self.embed = L.EmbedID(n_vocab, n_units)
            self.recurrent = RECURRENT_UNITS[kind](n_units, n_units)
            self.decode = L.Linear(n_units, n_vocab)

    def reset_state(self):
        self.recurrent.reset_state()

    def forward(self, words):
        h = self.recurrent(F.dropout(self.embed(words), self.dropout))
        return self.decode(F.dropout(h, self.dropout))


class WindowLoss(flexgrad.Chain):
    """The mean cross entropy of predicting each next word over a window of time steps;
    reported as ``loss`` (its exponential is the perplexity)."""

    def __init__(self, predictor):
        super().__init__()
        with self.init_scope():
            self.predictor = predictor

    def reset_state(self):
        self.predictor.reset_state()

    def forward(self, words, next_words):
        steps = words.shape[1]
        loss = 0
        for step in range(steps):
            scores = self.predictor(words[:, step])
            loss += F.softmax_cross_entropy(scores, next_words[:, step])
        loss /= steps
        flexgrad.report({"loss": loss}, self)
        return loss
