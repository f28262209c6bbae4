#!/usr/bin/python3
"""Reference numbers for ClassificationReportTests: scikit-learn's classification_report on a fixed confusion matrix.

Run once with Debian's interpreter (python3-sklearn): /usr/bin/python3 tests/reference/sklearn_classification_report_reference.py
> tests/SoftmaxSharp.Tests/Data/sklearn_classification_report.txt. Class 2 is never predicted (precision 0/0) and
class 4 has no samples (recall 0/0): both are 0, sklearn's zero_division default.
"""
import sklearn
from sklearn.metrics import classification_report

# counts[true][predicted], the same matrix the test builds
counts = [
    [5, 2, 0, 1, 0],
    [1, 7, 0, 0, 1],
    [0, 3, 0, 2, 0],
    [0, 0, 0, 4, 0],
    [0, 0, 0, 0, 0],
]
y_true, y_pred = [], []
for t, row in enumerate(counts):
    for p, n in enumerate(row):
        y_true += [t] * n
        y_pred += [p] * n
names = ["a", "b", "c", "d", "e"]
report = classification_report(y_true, y_pred, labels=list(range(5)), target_names=names, output_dict=True, zero_division=0)
print(f"# scikit-learn {sklearn.__version__} classification_report: name precision recall f1 support")
for name in names + ["macro avg", "weighted avg"]:
    r = report[name]
    print(f"{name.replace(' ', '_')} {r['precision']!r} {r['recall']!r} {r['f1-score']!r} {r['support']}")
print(f"accuracy {report['accuracy']!r}")
