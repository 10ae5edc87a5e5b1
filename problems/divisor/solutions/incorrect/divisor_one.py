# Wrong: 1 is a trivial divisor.
n = int(input())
print(1)
